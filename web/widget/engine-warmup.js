// A module worker the engine loader starts (see engine-loader.js). It loads
// the widget's engine and makes the calls the widget is about to make, on
// the shop's program and the shopper's history, so the wasm functions they
// need are compiled here and not in a main-thread task. Then it answers,
// whatever happened, and the loader ends it.
import { createEngine } from './loyalty-engine-widget.bundle.mjs';

globalThis.onmessage = async ({ data: { program: text, events, customer } }) => {
  try {
    const engine = await createEngine();
    const program = engine.loadProgram(text);
    const today = program.today();
    program.waysToEarn();
    program.balance(events, customer, today);
    const ledger = program.openLedger(customer);
    ledger.append(events);
    ledger.rewards({ asOf: today });
    ledger.simulate({ items: [{ sku: 'warm-up', price: '10.00' }] }, today);
    program.simulate([], '__guest__', { items: [{ sku: 'warm-up', price: '10.00' }] }, today);
  } catch {
    // An engine or program this worker could not load: the main thread's
    // calls report it as they always have.
  }
  globalThis.postMessage('warm');
};
