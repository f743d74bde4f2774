// Readable ids: slugs of names and titles, with a numeric suffix when taken.

/** Latin letters NFKD does not decompose; without this "Əliyev" would slug to "liyev". */
const LATIN_LETTERS: Record<string, string> = {
  ə: 'e',
  ı: 'i',
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
};

/** Lowercase ASCII words joined by "-", cut at a word boundary to at most `maxLength` characters. */
export function slugify(value: string, maxLength = 60): string {
  const full = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[əıłøđðþßæœ]/g, (letter) => LATIN_LETTERS[letter] ?? letter)
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (full.length <= maxLength) return full || 'item';
  const cut = full.slice(0, maxLength + 1);
  const boundary = cut.lastIndexOf('-');
  return (boundary > 0 ? cut.slice(0, boundary) : full.slice(0, maxLength)) || 'item';
}

/** The first of `base`, `base-2`, `base-3`, ... for which `isTaken` is false. */
export function uniqueId(base: string, isTaken: (id: string) => boolean): string {
  if (!isTaken(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!isTaken(candidate)) return candidate;
  }
}
