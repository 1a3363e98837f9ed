// The widget's engine: the same API as loyalty-engine.mjs over a wasm that
// declares only the storefront's calls (programs, balances, open ledgers,
// simulations, rewards, ways to earn), so every shopper downloads a quarter
// less. Statements, exports, event logs and metrics throw `unsupported`.
import createLoyaltyModule from './loyalty-engine-widget-glue.mjs';
import { withHandles } from './loyalty-engine-widget-handles.mjs';
import { engineFactory } from './loyalty-engine-core.mjs';

export { LoyaltyError, shopCalendar } from './loyalty-engine-core.mjs';

const createModule = async (settings) => withHandles(await createLoyaltyModule(settings));

/** Instantiates the widget's engine (options as engine-core.mjs's engineFactory documents). */
export const createEngine = engineFactory(createModule, 'loyalty-engine-widget.wasm', import.meta.url);
