// A strict copy of a zod schema: every object in it refuses keys it does not name, so a
// field an answer carries and its schema lacks fails the parse. Leaves (strings, numbers,
// enums…) are the same instances, so their checks stay. A kind it does not know throws.
import * as z from 'zod';

const LEAVES = new Set(['string', 'number', 'int', 'boolean', 'enum', 'literal', 'null']);

/** `schema` with every object strict, through arrays, records, unions, nullable and optional. */
export function toStrictSchema(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodObject) {
    const shape = Object.entries(schema.shape as Record<string, z.ZodType>);
    return z.strictObject(Object.fromEntries(shape.map(([key, v]) => [key, toStrictSchema(v)])));
  }
  if (schema instanceof z.ZodArray) return z.array(toStrictSchema(schema.element as z.ZodType));
  if (schema instanceof z.ZodNullable)
    return toStrictSchema(schema.unwrap() as z.ZodType).nullable();
  if (schema instanceof z.ZodOptional)
    return toStrictSchema(schema.unwrap() as z.ZodType).optional();
  if (schema instanceof z.ZodRecord) {
    return z.record(schema.keyType, toStrictSchema(schema.valueType as z.ZodType));
  }
  if (schema instanceof z.ZodUnion) {
    return z.union((schema.options as z.ZodType[]).map((option) => toStrictSchema(option)));
  }
  const kind = schema.def.type;
  if (!LEAVES.has(kind)) throw new Error(`toStrictSchema: a ${kind} schema is not handled`);
  return schema;
}
