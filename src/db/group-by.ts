// Rows of a page's embedded lists, grouped by the entity they belong to, in one pass: filtering the
// whole list once per entity costs the page size times the rows.

/** `valueFor` of each item, grouped by `keyOf`, in the items' order. */
export function groupBy<T, V>(
  items: readonly T[],
  keyOf: (item: T) => string,
  valueFor: (item: T) => V,
): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(valueFor(item));
    else groups.set(key, [valueFor(item)]);
  }
  return groups;
}
