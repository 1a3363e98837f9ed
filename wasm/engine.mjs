// The loyalty engine for JavaScript (everything: statements, shop exports,
// metrics, balances, simulations). The API is engine-core.mjs; the storefront
// widget loads loyalty-engine-widget.mjs, the same API over a smaller wasm.
import createLoyaltyModule from './loyalty-engine-glue.mjs';
import { batchCalls, engineFactory } from './loyalty-engine-core.mjs';

export { LoyaltyError, shopCalendar } from './loyalty-engine-core.mjs';

/** Instantiates the engine (options as engine-core.mjs's engineFactory documents). */
export const createEngine = engineFactory(createLoyaltyModule, 'loyalty-engine.wasm', import.meta.url, batchCalls);
