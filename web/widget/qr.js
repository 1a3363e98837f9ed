// The member card's QR code, built as its own file (loyalty-qr.mjs) and
// loaded the first time a card is shown: most shoppers never open it, so
// its 2 KB stay out of what every page loads. lean-qr encodes; the card
// draws the modules as one SVG path (no canvas, no markup strings).
import { correction, generate } from 'lean-qr/nano';

/** The QR code of `text` as { size (modules), path (an SVG path of the dark modules) }. */
export function qrPath(text) {
  const code = generate(text, { minCorrectionLevel: correction.M });
  let path = '';
  for (let y = 0; y < code.size; ++y) {
    for (let x = 0; x < code.size; ++x) {
      if (code.get(x, y)) path += `M${x} ${y}h1v1h-1z`;
    }
  }
  return { size: code.size, path };
}
