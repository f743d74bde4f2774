// The representations a list (or the graph) can be exported as, their media types, and which
// resource offers which. A leaf module: schemas/common.ts imports it for the `format` parameter.

export const FORMATS = ['json', 'jsonld', 'geojson', 'csv', 'graphml'] as const;
export type Format = (typeof FORMATS)[number];

export const MEDIA_TYPES: Readonly<Record<Format, string>> = {
  json: 'application/json',
  jsonld: 'application/ld+json',
  geojson: 'application/geo+json',
  csv: 'text/csv',
  graphml: 'application/graphml+xml',
};

/** What a route lists; a route names it in `config.exports` and this table says what it can be exported as. */
export const EXPORTS = {
  claims: ['json', 'jsonld', 'csv'],
  events: ['json', 'jsonld', 'geojson', 'csv'],
  locations: ['json', 'jsonld', 'geojson'],
  actors: ['json', 'jsonld'],
  sources: ['json', 'jsonld'],
  timeline: ['json', 'jsonld'],
  graph: ['json', 'jsonld', 'graphml'],
} as const satisfies Record<string, readonly [Format, ...Format[]]>;
export type ExportKind = keyof typeof EXPORTS;

/** The formats a route offers: plain JSON only unless it declares what it lists. */
export function formatsOf(kind: ExportKind | undefined): readonly Format[] {
  return kind ? EXPORTS[kind] : ['json'];
}

/** `json, jsonld, csv` for error messages and descriptions. */
export const listFormats = (formats: readonly Format[]) => formats.join(', ');
