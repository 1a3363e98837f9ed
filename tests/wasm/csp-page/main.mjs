// Loads the engine from /dist under the page's Content-Security-Policy and
// computes a statement; the test reads the outcome from #result.
import { createEngine } from '/dist/loyalty-engine.mjs';

const output = document.getElementById('result');
const violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  violations.push(`${event.violatedDirective} ${event.blockedURI}`);
  output.dataset.violations = violations.join('; ');
});
try {
  const engine = await createEngine();
  const program = engine.loadProgram(await (await fetch('/programs/classic.json')).text());
  const statement = program.statement('id,customer,date,amount\nt1,ada,2026-01-05,120.00\nt2,ada,2026-02-01,101.01\n');
  output.textContent = JSON.stringify(statement.customers);
  output.dataset.state = 'done';
} catch (error) {
  output.textContent = `${error.name}: ${error.message}`;
  output.dataset.state = 'failed';
}
