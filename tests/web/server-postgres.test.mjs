// The endpoint suite of server.test.mjs once more, with the reference shop on
// PostgreSQL (a throwaway cluster) instead of SQLite: the same contract,
// the same figures, whichever store a shop runs.
process.env.LOYALTY_TEST_STORE = 'postgres';
await import('./server.test.mjs');
