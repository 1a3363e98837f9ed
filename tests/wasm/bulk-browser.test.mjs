// A statement from bytes in Chromium: the answer is decoded straight from
// wasm memory, as one-byte text when it is all ASCII. Customer ids outside
// ASCII must come back exactly, and both kinds of answer must equal the
// statement of the same log given as text (embind's string path, which
// shares none of the bulk decoding). The totals are the classic program's
// bands worked by hand: 120.00 earns 90, 75.00 earns 25, 51.99 earns 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { dist, root } from './support.mjs';
import { launchChromium, serve } from './browser.mjs';

const ascii = 'id,customer,date,amount\nt1,ada,2026-01-05,120.00\nt2,bo,2026-01-06,75.00\nt3,ada,2026-02-01,51.99\n';
const wide = 'id,customer,date,amount\nt1,zoë,2026-01-05,120.00\nt2,محمد,2026-01-06,75.00\nt3,zoë,2026-02-01,51.99\n';

test('Chromium: a statement from bytes keeps non-ASCII ids and equals the text path, ASCII or not', async () => {
  const server = await serve({ '/dist/': dist, '/programs/': join(root, 'core/programs'), '/': join(root, 'tests/wasm/csp-page') });
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/`);
    const answers = await page.evaluate(async (logs) => {
      const { createEngine } = await import('/dist/loyalty-engine.mjs');
      const engine = await createEngine();
      const program = engine.loadProgram(await (await fetch('/programs/classic.json')).text());
      return logs.map((log) => ({
        bytes: program.statement(new TextEncoder().encode(log)),
        text: program.statement(log),
      }));
    }, [ascii, wide]);
    const totals = (statement) => statement.customers.map((c) => [c.customer, c.total]);
    assert.deepEqual(totals(answers[0].bytes), [['ada', 91], ['bo', 25]]);
    assert.deepEqual(totals(answers[1].bytes), [['zoë', 91], ['محمد', 25]]);
    for (const { bytes, text } of answers) assert.deepEqual(bytes, text);
  } finally {
    await browser.close();
    await server.close();
  }
});
