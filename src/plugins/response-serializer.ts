// How answers become JSON. Handlers build exactly the documented shape (they are typed by the
// response schemas), so the service serializes with JSON.stringify. Encoding through zod first, as
// fastify-type-provider-zod does, validated and rebuilt every object: measured on a million claims,
// 0.6 ms of a page of 20 claims, more than its queries, and 55 µs of one claim.
//
// With `checkResponses` (the test suite turns it on), each answer is also encoded by its schema and
// must be the same JSON value: a field the schema does not declare, or a value it refuses, fails the
// request with a 500 naming the path, so no test passes with an answer that breaks the contract.
//
// Claims, and one event or actor by id, come as JSON texts (json.ts: kept or cached, never parsed on
// the way); pages of events and actors as frozen values with their kept JSON remembered: either way
// a page is stitched from strings instead of stringified again.
import { isDeepStrictEqual } from 'node:util';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { JsonText, jsonOf } from '../json.ts';

type CompilerInput = { schema: unknown; method: string; url: string; httpStatus?: string };

function zodSchemaOf(schema: unknown): z.ZodType {
  if (schema instanceof z.ZodType) return schema;
  const properties = (schema as { properties?: unknown } | null)?.properties;
  if (properties instanceof z.ZodType) return properties;
  throw new Error(`a response schema is not a zod schema: ${JSON.stringify(schema)}`);
}

/** The first JSON path at which `a` and `b` differ (they are known to differ). */
function firstDifference(a: unknown, b: unknown, path: Array<string | number> = []): Array<string | number> {
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  )
    return path;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const left = (a as Record<string, unknown>)[key];
    const right = (b as Record<string, unknown>)[key];
    if (!isDeepStrictEqual(left, right))
      return firstDifference(left, right, [...path, Array.isArray(a) ? Number(key) : key]);
  }
  return path;
}

/**
 * JSON.stringify(data), reusing the JSON of frozen values: the answer itself, or the items of a page
 * (`{ data: [...], page }`, its keys in their own order). Anything else is JSON.stringify's.
 */
export function serialize(data: unknown): string {
  if (typeof data !== 'object' || data === null || Object.isFrozen(data) || Array.isArray(data)) return jsonOf(data);
  const items = (data as { data?: unknown }).data;
  if (
    !Array.isArray(items) ||
    !items.some((item) => typeof item === 'object' && item !== null && Object.isFrozen(item))
  )
    return JSON.stringify(data);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    const json =
      key === 'data'
        ? `[${items.map((item) => (item === undefined ? 'null' : jsonOf(item))).join(',')}]`
        : JSON.stringify(value);
    parts.push(`${JSON.stringify(key)}:${json}`);
  }
  return `{${parts.join(',')}}`;
}

function withTextsParsed(data: unknown): unknown {
  if (data instanceof JsonText) return data.value();
  const items = (data as { data?: unknown } | null)?.data;
  if (!Array.isArray(items) || !items.some((item) => item instanceof JsonText)) return data;
  return { ...(data as object), data: items.map((item) => (item instanceof JsonText ? item.value() : item)) };
}

export function responseSerializerCompiler(options: { checkResponses: boolean }) {
  return ({ schema, method, url }: CompilerInput) => {
    if (!options.checkResponses) return serialize;
    const zodSchema = zodSchemaOf(schema);
    return (data: unknown) => {
      const json = serialize(data);
      if (json !== JSON.stringify(data)) throw new Error(`serialize() and JSON.stringify differ for ${method} ${url}`);
      // What a handler built, with JSON texts (json.ts) as the values they stand for: zod checks values.
      const encoded = z.safeEncode(zodSchema, withTextsParsed(data));
      if (encoded.error) throw new ResponseSerializationError(method, url, { cause: encoded.error });
      const sent = json === undefined ? undefined : JSON.parse(json);
      const documented = JSON.parse(JSON.stringify(encoded.data) ?? 'null');
      if (!isDeepStrictEqual(sent ?? null, documented)) {
        const path = firstDifference(sent, documented);
        const issue = {
          code: 'custom' as const,
          path,
          message: 'the answer differs here from what its schema encodes (an undeclared field?)',
          input: data,
        };
        throw new ResponseSerializationError(method, url, { cause: new z.ZodError([issue]) });
      }
      return json;
    };
  };
}
