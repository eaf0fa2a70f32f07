/**
 * The JSON Schemas /openapi.json shows, from the zod schemas of the public API: request
 * bodies, path parameters, and success bodies whose shared parts (RESPONSE_COMPONENTS) are
 * `components.schemas`, `$ref`'d where used. Invariants: a response object never says
 * `additionalProperties: false` (within v1 fields may be added); every `$ref` points at a
 * component of the document, or the build throws.
 */
import * as z from 'zod';
import { PATH_PARAMETERS, type PublicRoute } from './public-api.js';
import { RESPONSE_COMPONENTS } from './public-responses.js';

type Json = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';

/** The success bodies of some routes and the components they refer to. */
export interface ResponseSchemas {
  components: Record<string, Json>;
  /** The body schema of each route that has one. */
  bodies: Map<PublicRoute, Json>;
}

// zod says `additionalProperties: false` of an output object (it strips unknown keys); an
// answer may gain fields within v1. An ISO time says so by its format, not zod's long pattern;
// an integer's safe bounds are zod's, not limits of the API.
function relaxOutput({ jsonSchema }: { jsonSchema: z.core.JSONSchema.BaseSchema }): void {
  if (jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
  if (jsonSchema.format === 'date-time' || jsonSchema.format === 'date') delete jsonSchema.pattern;
}

// The JSON Schema keywords a zod conversion puts on a whole document, not on a schema.
function dropDocumentKeys(json: Json): Json {
  const { $schema: _dialect, $id: _id, ...rest } = json;
  return rest;
}

function checkRefs(value: unknown, components: Readonly<Record<string, unknown>>): void {
  if (Array.isArray(value)) {
    for (const item of value) checkRefs(item, components);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, item] of Object.entries(value)) {
    if (key !== '$ref') checkRefs(item, components);
    else if (typeof item !== 'string' || !(item.slice(COMPONENTS.length) in components))
      throw new Error(`openapi: $ref ${String(item)} names no component of the document`);
  }
}

/**
 * The response schemas of `routes`. A body that is itself a component is a `$ref`; any other
 * is converted under a temporary id and shown inline.
 */
export function describeResponseSchemas(routes: readonly PublicRoute[]): ResponseSchemas {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(RESPONSE_COMPONENTS)) registry.add(schema, { id });
  const inline = new Map<z.ZodType, string>();
  for (const route of routes) {
    const body = route.response;
    if (body === undefined || registry.has(body)) continue;
    const id = `__body${inline.size}`;
    registry.add(body, { id });
    inline.set(body, id);
  }
  const { schemas } = z.toJSONSchema(registry, {
    io: 'output',
    uri: (id) => `${COMPONENTS}${id}`,
    override: relaxOutput,
  });
  const components: Record<string, Json> = {};
  for (const id of Object.keys(RESPONSE_COMPONENTS))
    components[id] = dropDocumentKeys(schemas[id] as Json);
  const bodies = new Map<PublicRoute, Json>();
  for (const route of routes) {
    const body = route.response;
    if (body === undefined) continue;
    const id = inline.get(body);
    bodies.set(
      route,
      id === undefined
        ? { $ref: `${COMPONENTS}${registry.get(body)?.id}` }
        : dropDocumentKeys(schemas[id] as Json),
    );
  }
  checkRefs([components, [...bodies.values()]], components);
  return { components, bodies };
}

/** The schema of a request body (`additionalProperties: false` where the route refuses more). */
export function describeRequestSchema(schema: z.ZodType): Json {
  return dropDocumentKeys(z.toJSONSchema(schema, { io: 'input' }) as Json);
}

/** A path parameter: its shape from PATH_PARAMETERS, else any string. */
export function describePathParameter(name: string): Json {
  const known = PATH_PARAMETERS[name];
  const base = { name, in: 'path', required: true };
  if (known === undefined) return { ...base, schema: { type: 'string' } };
  const { description, ...schema } = describeRequestSchema(known);
  return { ...base, ...(description === undefined ? {} : { description }), schema };
}
