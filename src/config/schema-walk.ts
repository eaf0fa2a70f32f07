/**
 * Introspection of the config schema: the scalar/list leaves (for env overrides and the
 * example-file test) and the keys known at a path (for "did you mean" hints).
 */
import type * as z from 'zod';
import { configSchema } from './schema.js';

type Schema = z.core.$ZodType;

export type LeafKind = 'boolean' | 'number' | 'string' | 'list';

export interface SchemaLeaf {
  path: string[];
  kind: LeafKind;
  nullable: boolean;
}

const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable']);

function unwrap(schema: Schema): { base: Schema; nullable: boolean } {
  let current = schema;
  let nullable = false;
  while (WRAPPERS.has(current._zod.def.type)) {
    if (current._zod.def.type === 'nullable') nullable = true;
    current = (current._zod.def as unknown as { innerType: Schema }).innerType;
  }
  return { base: current, nullable };
}

function shapeOf(schema: Schema): Record<string, Schema> | undefined {
  const { base } = unwrap(schema);
  if (base._zod.def.type !== 'object') return undefined;
  return (base._zod.def as unknown as { shape: Record<string, Schema> }).shape;
}

function kindOf(base: Schema): LeafKind | undefined {
  const type = base._zod.def.type;
  if (type === 'boolean') return 'boolean';
  if (type === 'number') return 'number';
  if (type === 'string' || type === 'enum') return 'string';
  if (type === 'array') return 'list';
  if (type === 'literal') {
    const values = (base._zod.def as unknown as { values: unknown[] }).values;
    return typeof values[0] === 'number' ? 'number' : 'string';
  }
  return undefined;
}

/** Every scalar and list leaf of the schema (records such as `projects` are not leaves). */
export function listSchemaLeaves(schema: Schema = configSchema): SchemaLeaf[] {
  const leaves: SchemaLeaf[] = [];
  function visit(node: Schema, path: string[]): void {
    const shape = shapeOf(node);
    if (shape !== undefined) {
      for (const [key, child] of Object.entries(shape)) visit(child, [...path, key]);
      return;
    }
    const { base, nullable } = unwrap(node);
    const kind = kindOf(base);
    if (kind !== undefined) leaves.push({ path, kind, nullable });
  }
  visit(schema, []);
  return leaves;
}

let leafCache: readonly SchemaLeaf[] | undefined;
let leafPathCache: ReadonlySet<string> | undefined;
let keyNameCache: ReadonlySet<string> | undefined;

/** The config schema's leaves, walked once (the schema never changes at run time). */
export function configLeaves(): readonly SchemaLeaf[] {
  leafCache ??= listSchemaLeaves();
  return leafCache;
}

/** The dotted paths of the config schema's leaves (`auth.password_hash`), built once. */
export function configLeafPaths(): ReadonlySet<string> {
  leafPathCache ??= new Set(configLeaves().map((leaf) => leaf.path.join('.')));
  return leafPathCache;
}

/** Every key name on the way to a config leaf (`auth`, `password_hash`, …), built once. */
export function configKeyNames(): ReadonlySet<string> {
  keyNameCache ??= new Set(configLeaves().flatMap((leaf) => leaf.path));
  return keyNameCache;
}

/** Every key path of the schema, including mapping keys and `projects.<name>.*`. */
export function listSchemaKeyPaths(schema: Schema = configSchema): string[] {
  const paths: string[] = [];
  function visit(node: Schema, path: string[]): void {
    if (path.length > 0) paths.push(path.join('.'));
    const shape = shapeOf(node);
    if (shape !== undefined) {
      for (const [key, child] of Object.entries(shape)) visit(child, [...path, key]);
      return;
    }
    const { base } = unwrap(node);
    if (base._zod.def.type === 'record') {
      const valueType = (base._zod.def as unknown as { valueType: Schema }).valueType;
      if (shapeOf(valueType) !== undefined) visit(valueType, [...path, '<name>']);
    }
  }
  visit(schema, []);
  return paths;
}

/** The keys a mapping at `path` may hold (record values are followed by any key). */
export function listKnownKeys(
  path: readonly PropertyKey[],
  schema: Schema = configSchema,
): string[] {
  let node: Schema | undefined = schema;
  for (const step of path) {
    if (node === undefined) return [];
    const shape = shapeOf(node);
    if (shape !== undefined) {
      node = typeof step === 'string' ? shape[step] : undefined;
      continue;
    }
    const { base } = unwrap(node);
    const def = base._zod.def as unknown as { valueType?: Schema; element?: Schema };
    node = base._zod.def.type === 'record' ? def.valueType : def.element;
  }
  const shape = node === undefined ? undefined : shapeOf(node);
  return shape === undefined ? [] : Object.keys(shape);
}

/** The schema (with its default and nullable wrappers) of the leaf at `path`, if any. */
export function findLeafSchema(
  path: readonly string[],
  schema: Schema = configSchema,
): Schema | undefined {
  let node: Schema | undefined = schema;
  for (const step of path) {
    const shape: Record<string, Schema> | undefined = node && shapeOf(node);
    node = shape === undefined || !Object.hasOwn(shape, step) ? undefined : shape[step];
  }
  return node === undefined || shapeOf(node) !== undefined ? undefined : node;
}
