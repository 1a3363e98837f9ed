// The contract's request schemas (web/contract/*.schema.json), compiled
// once, and a body that fails one as the refusal the client gets: a shape
// error is 400 invalid_request, a value out of range 422 invalid_value, each
// naming the field.
import Ajv2020 from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const contract = join(dirname(fileURLToPath(import.meta.url)), '../contract');
const ajv = new Ajv2020({ allErrors: false, strict: false });

/** The validator of web/contract/`name` (for example "order.schema.json"). */
export const contractSchema = (name) => ajv.compile(JSON.parse(readFileSync(join(contract, name), 'utf8')));

const RANGE_KEYWORDS = new Set(['minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'multipleOf', 'enum']);

export function schemaRefusal(validate) {
  const [first] = validate.errors ?? [];
  const field = first?.instancePath ? first.instancePath.slice(1).replaceAll('/', '.') : (first?.params?.missingProperty ?? first?.params?.additionalProperty ?? 'body');
  const range = first && RANGE_KEYWORDS.has(first.keyword);
  return { status: range ? 422 : 400, code: range ? 'invalid_value' : 'invalid_request', message: `${field}: ${first?.message ?? 'is invalid'}` };
}
