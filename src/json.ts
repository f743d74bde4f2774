// JSON.stringify, kept for frozen values (the claim cache's, which cannot change): the serializer
// and the ETag of the same cached claim share one stringification.

const frozenJson = new WeakMap<object, string>();

export function jsonOf(value: unknown): string {
  if (typeof value !== 'object' || value === null || !Object.isFrozen(value)) return JSON.stringify(value);
  let json = frozenJson.get(value);
  if (json === undefined) frozenJson.set(value, (json = JSON.stringify(value)));
  return json;
}

/** Records `json` as the JSON of the frozen `value` (parsed from it): jsonOf then answers it unchanged. */
export function rememberJson(value: object, json: string): void {
  if (Object.isFrozen(value)) frozenJson.set(value, json);
}
