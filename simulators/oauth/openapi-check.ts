// A small checker for the subset of OpenAPI 3.0/3.1 schema keywords the
// providers' documents use for the responses we simulate (type, properties,
// required, items, enum, nullable, anyOf/oneOf/allOf, $ref). It returns every
// mismatch as a readable path, so a test failure says what drifted.

type Schema = Record<string, unknown>;

export function resolveRef(doc: Schema, ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`external $ref not supported: ${ref}`);
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) node = (node as Schema)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (!node) throw new Error(`unresolved $ref ${ref}`);
  return node as Schema;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function checkSchema(doc: Schema, schema: Schema, value: unknown, path = '$'): string[] {
  if (typeof schema.$ref === 'string') return checkSchema(doc, resolveRef(doc, schema.$ref), value, path);
  if (Array.isArray(schema.allOf)) return (schema.allOf as Schema[]).flatMap((s) => checkSchema(doc, s, value, path));
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (alternatives) {
    const results = alternatives.map((s) => checkSchema(doc, s, value, path));
    return results.some((r) => r.length === 0)
      ? []
      : [`${path}: matches none of ${alternatives.length} alternatives (${results.map((r) => r[0]).join(' | ')})`];
  }
  if (value === null && schema.nullable === true) return [];
  const errors: string[] = [];
  const actual = typeOf(value);
  const declared = schema.type as string | string[] | undefined;
  if (declared) {
    const allowed = Array.isArray(declared) ? declared : [declared];
    const ok = allowed.some((t) => t === actual || (t === 'number' && actual === 'integer'));
    if (!ok) return [`${path}: expected ${allowed.join('|')}, got ${actual}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (actual === 'object' && schema.properties && !Array.isArray(schema.properties)) {
    const obj = value as Record<string, unknown>;
    for (const req of (schema.required as string[] | undefined) ?? [])
      if (!(req in obj)) errors.push(`${path}.${req}: required but missing`);
    for (const [key, sub] of Object.entries(schema.properties as Record<string, Schema>)) {
      if (key in obj) errors.push(...checkSchema(doc, sub, obj[key], `${path}.${key}`));
    }
  }
  if (actual === 'array' && schema.items) {
    (value as unknown[]).forEach((item, i) =>
      errors.push(...checkSchema(doc, schema.items as Schema, item, `${path}[${i}]`)),
    );
  }
  return errors;
}
