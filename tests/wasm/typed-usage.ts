// Compiled with tsc --noEmit against web/dist/loyalty-engine.d.ts: the
// declarations must describe the API as the tests and the widget use it.
import { createEngine, LoyaltyError, type Appended, type Balance, type CustomerLedger, type Metrics, type Simulation, type Statement, type ExportPreview } from '@loyalty/engine';

async function example(programJson: string, csv: string): Promise<number> {
  const engine = await createEngine({ locateFile: (name, prefix) => prefix + name });
  const program = engine.loadProgram(programJson);
  const statement: Statement = program.statement(csv, { from: '2026-01', to: '2026-03' });
  const first = statement.customers[0]?.months[0]?.points ?? 0;
  const shopExport: Statement = program.statement(csv, { columns: { id: 'InvoiceNo', quantity: 'Quantity' }, dateFormat: 'MM/DD/YYYY HH:mm', returns: 'ignore' });
  const guests: number = shopExport.reading?.guest_rows ?? 0;
  const preview: ExportPreview = program.previewExport(csv, { preset: 'line-items', rows: 5 });
  const firstKind: string = preview.rows[0]?.kind ?? preview.error?.message ?? '';
  void guests;
  void firstKind;
  const balance: Balance = program.balance([{ id: 'o1', customer: 'c', date: '2026-01-02', amount: '12.00' }], 'c', new Date());
  const simulation: Simulation = program.simulate([], 'c', { items: [{ sku: 'A', price: '10.00', quantity: 2 }] }, '2026-01-31');
  const lines: number = simulation.breakdown.reduce((sum, line) => sum + line.points, 0);
  try {
    engine.loadProgram('{');
  } catch (error) {
    if (error instanceof LoyaltyError) {
      const code: string = error.code;
      const where: string = error.path;
      void code;
      void where;
    }
  }
  const ledger: CustomerLedger = program.openLedger('c');
  const appended: Appended = ledger.append([{ id: 'o2', customer: 'c', date: '2026-01-03', amount: '5.00' }]);
  const kinds: string[] = appended.entries.map((entry) => entry.kind);
  const open: Balance = ledger.balance('2026-01-31', { entries: true });
  void kinds;
  void open.available;
  ledger.dispose();
  const metrics: Metrics = program.metrics(csv);
  const holding: string | undefined = metrics.membership.at(-1)?.holding_percent;
  void holding;
  const tier: string | undefined = balance.tier?.id;
  void tier;
  program.dispose();
  return first + lines + balance.available + engine.memory().heap;
}

void example;
