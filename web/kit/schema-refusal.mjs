// A body that fails the contract's schema, as the refusal the client gets:
// a shape error is 400 invalid_request, a value out of range 422
// invalid_value, each naming the field.
const RANGE_KEYWORDS = new Set(['minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'multipleOf', 'enum']);

export function schemaRefusal(validate) {
  const [first] = validate.errors ?? [];
  const field = first?.instancePath ? first.instancePath.slice(1).replaceAll('/', '.') : (first?.params?.missingProperty ?? first?.params?.additionalProperty ?? 'body');
  const range = first && RANGE_KEYWORDS.has(first.keyword);
  return { status: range ? 422 : 400, code: range ? 'invalid_value' : 'invalid_request', message: `${field}: ${first?.message ?? 'is invalid'}` };
}
