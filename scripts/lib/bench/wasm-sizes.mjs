// What a .wasm holds: bytes per section and the largest functions by name
// (link with --profiling-funcs to keep names). For deciding what to cut.
//   node scripts/lib/bench/wasm-sizes.mjs FILE.wasm [TOP]
import { readFileSync } from 'node:fs';

const bytes = readFileSync(process.argv[2]);
const top = Number(process.argv[3] ?? 40);
let at = 8;
const leb = () => {
  let result = 0, shift = 0, byte;
  do { byte = bytes[at++]; result += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
  return result;
};
const names = new Map();
const sections = [];
let imported = 0, bodies = [];
while (at < bytes.length) {
  const id = bytes[at++];
  const size = leb();
  const start = at;
  let name = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount', 'tag'][id] ?? `#${id}`;
  if (id === 0) {
    const length = leb();
    name = `custom:${bytes.subarray(at, at + length).toString()}`;
    at += length;
    if (name === 'custom:name') {
      while (at < start + size) {
        const sub = bytes[at++];
        const subSize = leb();
        const subEnd = at + subSize;
        if (sub === 1) {
          const count = leb();
          for (let i = 0; i < count; i++) {
            const index = leb();
            const nameLength = leb();
            names.set(index, bytes.subarray(at, at + nameLength).toString());
            at += nameLength;
          }
        }
        at = subEnd;
      }
    }
  } else if (id === 2) {
    const count = leb();
    for (let i = 0; i < count; i++) {
      for (let k = 0; k < 2; k++) { const n = leb(); at += n; }
      const kind = bytes[at++];
      if (kind === 0) { imported++; leb(); } else if (kind === 1) { at++; const f = bytes[at++]; leb(); if (f & 1) leb(); } else if (kind === 2) { const f = bytes[at++]; leb(); if (f & 1) leb(); } else if (kind === 3) { at += 2; } else if (kind === 4) { at++; leb(); }
    }
  } else if (id === 10) {
    const count = leb();
    for (let i = 0; i < count; i++) {
      const bodySize = leb();
      bodies.push({ index: imported + i, size: bodySize });
      at += bodySize;
    }
  }
  sections.push({ name, size });
  at = start + size;
}
console.log('section sizes');
for (const s of sections) console.log(`  ${s.name.padEnd(24)} ${String(s.size).padStart(9)}`);
const group = (name) => {
  if (!name) return '(unnamed)';
  if (/nlohmann/.test(name)) return 'nlohmann';
  if (/emscripten|embind|_EmVal|BindingType|wire/i.test(name)) return 'embind';
  if (/^loyalty::wasm/.test(name)) return 'loyalty::wasm';
  if (/^loyalty::/.test(name) || /loyalty/.test(name)) return 'loyalty';
  if (/^std::|__2::|^__/.test(name)) return 'libc++/runtime';
  return 'libc/other';
};
const groups = new Map();
for (const b of bodies) {
  const g = group(names.get(b.index));
  groups.set(g, (groups.get(g) ?? 0) + b.size);
}
console.log('\ncode by origin');
for (const [g, size] of [...groups].sort((a, b) => b[1] - a[1])) console.log(`  ${g.padEnd(24)} ${String(size).padStart(9)}`);
console.log(`\nlargest ${top} functions`);
for (const b of bodies.sort((a, b) => b.size - a.size).slice(0, top)) console.log(`  ${String(b.size).padStart(7)}  ${(names.get(b.index) ?? `#${b.index}`).slice(0, 150)}`);
