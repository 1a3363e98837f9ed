// The classic statement as a whole DuckDB process would give it: a Node
// script that opens DuckDB, reads the CSV and groups it, as a merchant's own
// script would. scripts/bench times it beside the native CLI's process.
//   node scripts/lib/bench/duckdb-statement.mjs FILE.csv
import { DuckDBInstance } from '@duckdb/node-api';
import { classicStatementSql } from './reference-statement.mjs';

const duck = await (await DuckDBInstance.create(':memory:')).connect();
const rows = (await duck.runAndReadAll(classicStatementSql(process.argv[2]))).getRows();
process.stdout.write(`${rows.length}\n`);
