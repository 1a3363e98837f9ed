// Asserts that a response body conforms to its schema in web/contract (the
// endpoint's published contract, read from the files a merchant reads).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';

const contract = join(dirname(fileURLToPath(import.meta.url)), '../../web/contract');
const ajv = new Ajv2020({ allErrors: true, strict: true });
for (const file of readdirSync(contract).filter((f) => f.endsWith('.schema.json'))) {
  ajv.addSchema(JSON.parse(readFileSync(join(contract, file), 'utf8')));
}

/** `schema`: a file name such as 'customer.schema.json'. */
export function conforms(schema, value) {
  const validate = ajv.getSchema(schema);
  assert.ok(validate(value), `${schema}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value).slice(0, 300)}`);
}
