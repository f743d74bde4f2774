// Ids of actors and locations in other registries: Wikidata items and GeoNames features. One per
// scheme and entity; one holder per value, kind and scheme (a second is a 409 naming the holder).
import { z } from 'zod';

export const EXTERNAL_ID_SCHEMES = ['wikidata', 'geonames'] as const;
export type ExternalIdScheme = (typeof EXTERNAL_ID_SCHEMES)[number];

const FORMATS: Record<ExternalIdScheme, { pattern: RegExp; message: string }> = {
  wikidata: { pattern: /^Q[1-9][0-9]{0,11}$/, message: 'must be a Wikidata item id: "Q" and digits, e.g. "Q42"' },
  geonames: { pattern: /^[1-9][0-9]{0,11}$/, message: 'must be a GeoNames id: digits, e.g. "2950159"' },
};

const schemeValue = (scheme: ExternalIdScheme) =>
  z.string().max(13).regex(FORMATS[scheme].pattern, FORMATS[scheme].message);

export const externalIdsSchema = z
  .object({
    wikidata: schemeValue('wikidata').optional().describe('Wikidata item id, `Q` and digits.').meta({ example: 'Q42' }),
    geonames: schemeValue('geonames').optional().describe('GeoNames feature id, digits.').meta({ example: '2950159' }),
  })
  .strict()
  .meta({
    id: 'ExternalIds',
    description:
      'Ids of the same entity in other registries, each optional; `{}` when none. A value has one holder per kind: giving one another actor (or location) holds is a 409 naming it.',
    example: { wikidata: 'Q42' },
  });
export type ExternalIds = z.infer<typeof externalIdsSchema>;

/** `wikidata:Q42` -> { scheme, value }; undefined when it is not a known scheme with a well-formed value. */
export function parseExternalId(raw: string): { scheme: ExternalIdScheme; value: string } | undefined {
  const colon = raw.indexOf(':');
  const scheme = raw.slice(0, colon) as ExternalIdScheme;
  const value = raw.slice(colon + 1);
  if (colon < 0 || !EXTERNAL_ID_SCHEMES.includes(scheme) || !FORMATS[scheme].pattern.test(value)) return undefined;
  return { scheme, value };
}

/** Why `raw` is not a well-formed `scheme:value`. */
function externalIdQueryProblem(raw: unknown): string {
  const text = typeof raw === 'string' ? raw : '';
  const colon = text.indexOf(':');
  const scheme = text.slice(0, colon) as ExternalIdScheme;
  if (colon < 0 || !EXTERNAL_ID_SCHEMES.includes(scheme))
    return `must be scheme:value with scheme one of ${EXTERNAL_ID_SCHEMES.join(', ')}, e.g. "wikidata:Q42"`;
  return `the ${scheme} id ${FORMATS[scheme].message}`;
}

/** The `externalId` filter of actor and location lists: `scheme:value`, each scheme's value checked like the field. */
export const externalIdQuery = z
  .string()
  .max(30)
  .regex(
    new RegExp(
      `^(${EXTERNAL_ID_SCHEMES.map((scheme) => `${scheme}:${FORMATS[scheme].pattern.source.slice(1, -1)}`).join('|')})$`,
    ),
    { error: (issue) => externalIdQueryProblem(issue.input) },
  )
  .optional()
  .describe('Only the entity holding this external id, as `scheme:value` (`wikidata:Q42`, `geonames:2950159`).')
  .meta({ example: 'wikidata:Q42' });
