// JSON text kept with what it encodes, so that an answer built from kept or cached representations
// is stitched from strings instead of parsed and stringified again.

/**
 * A value already serialized: the response serializer sends `json` as it is; anything else that
 * stringifies it (JSON.stringify, a value embedding it) gets the value it encodes, through toJSON.
 * Kept claims come this way: parsing and freezing a 2 kB claim cost about 20 µs, more than reading
 * it (million-claim file), and a page of 20 did it 20 times for an answer that is JSON again. Code
 * that reads fields asks for `value()`: parsed on the first call only, deep-frozen and shared.
 */
export class JsonText<T> {
  constructor(readonly json: string) {
    // Frozen, so that what keeps frozen values' JSON and ETags (jsonOf, etagOf) keeps a text's too.
    Object.freeze(this);
  }

  /** The value the text encodes: parsed once, deep-frozen, its JSON remembered (jsonOf answers the text). */
  value(): T {
    let value = parsedValues.get(this) as T | undefined;
    if (value === undefined) {
      value = deepFreeze(JSON.parse(this.json) as T);
      if (typeof value === 'object' && value !== null) rememberJson(value, this.json);
      parsedValues.set(this, value);
    }
    return value;
  }

  toJSON(): T {
    return this.value();
  }
}

const parsedValues = new WeakMap<JsonText<unknown>, unknown>();

/** Freezes `value` and everything in it (values shared by several answers, which none may change). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * A handler's answer typed as the value its text encodes: the serializer sends the text unchanged,
 * so a client receives exactly that value. Only for returning from a handler, never to read fields of.
 */
export function asAnswer<T>(text: JsonText<T>): T {
  return text as unknown as T;
}

/** A page whose items are JSON texts, typed as the page a client receives (see asAnswer). */
export function asAnswerPage<T, P extends { data: readonly JsonText<T>[] }>(page: P): Omit<P, 'data'> & { data: T[] } {
  return page as unknown as Omit<P, 'data'> & { data: T[] };
}

const frozenJson = new WeakMap<object, string>();

/** JSON.stringify(value), kept for frozen values (which cannot change); a JsonText's own text. */
export function jsonOf(value: unknown): string {
  if (value instanceof JsonText) return value.json;
  if (typeof value !== 'object' || value === null || !Object.isFrozen(value)) return JSON.stringify(value);
  let json = frozenJson.get(value);
  if (json === undefined) frozenJson.set(value, (json = JSON.stringify(value)));
  return json;
}

/** Records `json` as the JSON of the frozen `value` (parsed from it): jsonOf then answers it unchanged. */
export function rememberJson(value: object, json: string): void {
  if (Object.isFrozen(value)) frozenJson.set(value, json);
}
