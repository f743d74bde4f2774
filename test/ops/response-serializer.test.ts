// The response serializer: JSON.stringify's output (stitched from the kept JSON of frozen values),
// and with checkResponses an answer that breaks its schema fails instead of going out.
import { isResponseSerializationError } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JsonText } from '../../src/json.ts';
import { responseSerializerCompiler, serialize } from '../../src/plugins/response-serializer.ts';

const item = z.object({ id: z.string(), tags: z.array(z.string()) });
const page = z.object({
  data: z.array(item),
  page: z.object({ limit: z.number(), nextCursor: z.string().nullable() }),
});
const compile = (checkResponses: boolean) =>
  responseSerializerCompiler({ checkResponses })({ schema: page, method: 'GET', url: '/things' });

describe('serialize', () => {
  it('writes exactly what JSON.stringify writes, for a page of frozen items, a frozen value and anything else', () => {
    const frozen = Object.freeze({ id: 'a', tags: Object.freeze(['x', 'y']) });
    const values = [
      { data: [frozen, { id: 'b', tags: [] }], page: { limit: 2, nextCursor: 'WyJhIl0' }, skipped: undefined },
      frozen,
      { data: 'not a list', page: null },
      [frozen, 1, 'two'],
      'text',
      null,
    ];
    for (const value of values) expect(serialize(value)).toBe(JSON.stringify(value));
    // Twice: the second time from the kept JSON.
    expect(serialize(values[0])).toBe(JSON.stringify(values[0]));
  });

  it('sends a JSON text as it is, alone or as a page item, where JSON.stringify sends the value it encodes', () => {
    // Spaces JSON.stringify would not write: the text itself goes out, unparsed.
    const text = new JsonText<{ id: string; tags: string[] }>('{"id": "c", "tags": ["z"]}');
    const withText = { data: [text, { id: 'd', tags: [] }], page: { limit: 2, nextCursor: null } };
    expect(serialize(withText)).toBe(
      '{"data":[{"id": "c", "tags": ["z"]},{"id":"d","tags":[]}],"page":{"limit":2,"nextCursor":null}}',
    );
    expect(serialize(text)).toBe('{"id": "c", "tags": ["z"]}');
    expect(JSON.stringify(withText)).toBe(
      '{"data":[{"id":"c","tags":["z"]},{"id":"d","tags":[]}],"page":{"limit":2,"nextCursor":null}}',
    );
    // A reader of the value gets it parsed once, frozen, its JSON the text itself.
    const value = text.value();
    expect(text.toJSON()).toBe(value);
    expect(Object.isFrozen(value.tags)).toBe(true);
    expect(() => value.tags.push('changed')).toThrow(TypeError);
    expect(serialize(value)).toBe('{"id": "c", "tags": ["z"]}');
  });
});

describe('responseSerializerCompiler', () => {
  const good = { data: [{ id: 'a', tags: ['x'] }], page: { limit: 20, nextCursor: null } };
  const undeclared = { data: [{ id: 'a', tags: ['x'], secret: 'internal' }], page: { limit: 20, nextCursor: null } };
  const refused = { data: [{ id: 'a', tags: 'x' }], page: { limit: 20, nextCursor: null } };

  it('without checks, answers JSON.stringify of whatever it is given', () => {
    expect(compile(false)(good)).toBe(JSON.stringify(good));
    expect(compile(false)(undeclared)).toBe(JSON.stringify(undeclared));
  });

  it('with checks, answers a conforming value unchanged', () => {
    expect(compile(true)(good)).toBe(JSON.stringify(good));
  });

  it('with checks, checks the values of JSON texts, and fails a text holding an undeclared field', () => {
    const texts = (json: string) => ({ data: [new JsonText(json)], page: { limit: 20, nextCursor: null } });
    expect(compile(true)(texts('{"id":"a","tags":["x"]}'))).toBe(JSON.stringify(good));
    let thrown: unknown;
    try {
      compile(true)(texts('{"id":"a","tags":["x"],"secret":"internal"}'));
    } catch (error) {
      thrown = error;
    }
    expect(isResponseSerializationError(thrown)).toBe(true);
    expect((thrown as { cause: z.ZodError }).cause.issues[0]!.path).toEqual(['data', 0, 'secret']);
  });

  it('with checks, fails an answer holding a field its schema does not declare, naming where', () => {
    let thrown: unknown;
    try {
      compile(true)(undeclared);
    } catch (error) {
      thrown = error;
    }
    expect(isResponseSerializationError(thrown)).toBe(true);
    expect((thrown as { cause: z.ZodError }).cause.issues[0]!.path).toEqual(['data', 0, 'secret']);
  });

  it('with checks, fails an answer its schema refuses', () => {
    let thrown: unknown;
    try {
      compile(true)(refused);
    } catch (error) {
      thrown = error;
    }
    expect(isResponseSerializationError(thrown)).toBe(true);
    expect((thrown as { cause: z.ZodError }).cause.issues.map((issue) => issue.path)).toContainEqual([
      'data',
      0,
      'tags',
    ]);
  });
});
