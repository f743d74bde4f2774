// The export formats in the OpenAPI document: a route's `config.exports` adds the other media types
// to its 200 response (with the Link header of non-JSON pages), and every route that negotiates gets
// its 406 and its `format` parameter narrowed to the values it accepts.
import type { SwaggerTransform } from '@fastify/swagger';
import { CLAIM_COLUMNS, EVENT_COLUMNS } from './csv.ts';
import { type ExportKind, type Format, MEDIA_TYPES, formatsOf, listFormats } from './formats.ts';
import { EKG_VOCAB } from './jsonld.ts';

type JsonSchema = Record<string, unknown>;

const FORMULA_NOTE =
  'RFC 4180: a header row, every record ended by CRLF, text fields quoted (a quote doubled), numbers and booleans bare, a missing value empty. ' +
  'Lists are joined by `|` in one cell (a `|` or `\\` inside a value is escaped with `\\`). ' +
  "Against formula injection, a text cell that starts with =, +, -, @, a tab or a carriage return is written with a leading single quote ('=SUM(A1) stays text in a spreadsheet); strip it to get the raw value.";

const csv = (columns: readonly string[]): JsonSchema => ({
  type: 'string',
  description: `CSV, one row per item of the page. Columns: ${columns.join(', ')}. ${FORMULA_NOTE}`,
});

const jsonLd = (what: string): JsonSchema => ({
  type: 'object',
  description:
    `JSON-LD: \`@context\` (prefixes schema: http://schema.org/, sem: the Simple Event Model http://semanticweb.cs.vu.nl/2009/11/sem/, rdf:, rdfs:, xsd:, and ekg: ${EKG_VOCAB} for terms neither has) ` +
    `and \`@graph\`, ${what}. Every node has an absolute \`@id\` on this server and an \`@type\`.`,
  required: ['@context', '@graph'],
  properties: {
    '@context': { type: 'object', description: 'The prefixes the document uses.' },
    '@graph': { type: 'array', items: { type: 'object' }, description: 'The nodes, in the order of the JSON answer.' },
  },
});

const geoJson = (what: string): JsonSchema => ({
  type: 'object',
  description: `GeoJSON (RFC 7946) FeatureCollection: ${what}`,
  required: ['type', 'features'],
  properties: {
    type: { const: 'FeatureCollection', description: 'Always FeatureCollection.' },
    features: { type: 'array', items: { type: 'object' }, description: 'One Feature per item of the page, in order.' },
  },
});

const graphMl: JsonSchema = {
  type: 'string',
  description:
    "GraphML (directed): a <node> per node with id `kind:id`, an <edge> per edge; every scalar property is a typed <data> (nested ones flattened to dotted names such as time.start, lists as JSON text), and the answer's own scalars (truncated, ...) are <data> of the <graph>.",
};

/** Per kind: what the 200 answers, and the schema of each non-JSON representation. */
const REPRESENTATIONS: Record<ExportKind, { description: string; formats: Partial<Record<Format, JsonSchema>> }> = {
  claims: {
    description: 'A page of claims.',
    formats: {
      jsonld: jsonLd(
        'one schema:Claim per claim (also schema:Quotation for a direct quote): schema:author, schema:about, schema:appearance (the source), ekg:saidAt as a sem:Time, ekg:evidence as a schema:Quotation',
      ),
      csv: csv(CLAIM_COLUMNS),
    },
  },
  events: {
    description: 'A page of events.',
    formats: {
      jsonld: jsonLd(
        'one sem:Event per event: sem:eventType, sem:hasTimeStamp or sem:hasBeginTimeStamp/sem:hasEndTimeStamp, sem:hasTime, sem:hasPlace, sem:hasActor as a sem:Role with sem:roleType and rdf:value (the actor), sem:subEventOf/sem:hasSubEvent and ekg: relations',
      ),
      geojson: geoJson(
        "one Feature per event, at its location's Point ([lon, lat]) (`location`: its first `at` place, else its first); where the location has no coordinates, at the nearest enclosing location that has (`properties.pointOf` names which), else `geometry: null`. `properties.precision` says how precisely the point places it, like ACLED's geo_precision: `exact` (the site's own point), else the kind of the place whose point is drawn: `site`, `city`, `district` (a route's point too), `region` or `country` (a country centroid: somewhere in that country); null without a point.",
      ),
      csv: csv(EVENT_COLUMNS),
    },
  },
  locations: {
    description: 'A page of locations.',
    formats: {
      jsonld: jsonLd(
        'one sem:Place and schema:Place per location, with schema:geo (schema:GeoCoordinates), schema:containedInPlace and its external ids as schema:sameAs',
      ),
      geojson: geoJson(
        'one Feature per location: a Point at [lon, lat], or `geometry: null` for a place without coordinates (RFC 7946 §3.2). `properties.precision`: `exact` for a site, else its kind (`city`, `district`, `region`, `country`; a route `district`); null without a point.',
      ),
    },
  },
  actors: {
    description: 'A page of actors.',
    formats: {
      jsonld: jsonLd(
        'one sem:Actor per actor, also schema:Person or a schema:Organization type by kind, with affiliations as schema:OrganizationRole and its external ids as schema:sameAs (Wikidata and GeoNames IRIs)',
      ),
    },
  },
  sources: {
    description: 'A page of sources.',
    formats: { jsonld: jsonLd('one schema:NewsArticle per source') },
  },
  timeline: {
    description: 'A page of the timeline.',
    formats: { jsonld: jsonLd('each item as the sem:Event or schema:Claim the event and claim exports give') },
  },
  graph: {
    description: 'The graph.',
    formats: {
      jsonld: jsonLd('one node per graph node, typed as its resource, each edge a property of its source node'),
      graphml: graphMl,
    },
  },
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** Wraps the zod provider's transform: routes without `config.exports` only get their `format` narrowed to json. */
export function withExportFormats(transform: SwaggerTransform): SwaggerTransform {
  return (input) => {
    const result = transform(input);
    // A route whose `format` is not one of these (GET /v1/export) documents it itself.
    if ((input.route.config as { ownFormats?: boolean } | undefined)?.ownFormats) return result;
    const kind = (input.route.config as { exports?: ExportKind } | undefined)?.exports;
    const offered = formatsOf(kind);
    const schema = result.schema as {
      querystring?: { properties?: Record<string, JsonSchema> };
      response?: Record<string, unknown>;
    };
    const format = schema.querystring?.properties?.format;
    if (format) {
      format.enum = [...offered];
      format.description = `Representation of the answer, instead of the Accept header (this parameter wins): ${listFormats(offered)}. Another format is a 400.`;
    }
    const types = offered.map((f) => MEDIA_TYPES[f]).join(', ');
    const ok = schema.response?.['200'];
    if (!ok || (!kind && !format)) return result;
    const notAcceptable = problem(`The Accept header names none of ${types}; \`detail\` lists them.`);
    if (!kind) {
      schema.response = { ...schema.response, 406: notAcceptable };
      return result;
    }
    const representation = REPRESENTATIONS[kind];
    const content: Record<string, { schema: JsonSchema }> = { [MEDIA_TYPES.json]: { schema: ok as JsonSchema } };
    for (const other of offered) {
      const alternative = representation.formats[other];
      if (other !== 'json' && alternative) content[MEDIA_TYPES[other]] = { schema: alternative };
    }
    schema.response = {
      ...schema.response,
      200: {
        description: `${representation.description} As ${types}: chosen by \`?format=\` or, without it, by the Accept header.`,
        headers: {
          Link: {
            type: 'string',
            description:
              'On a non-JSON page that has a next page: `<url>; rel="next"`, the same request with the next cursor (JSON carries it as page.nextCursor).',
          },
        },
        content,
      },
      406: notAcceptable,
    };
    return result;
  };
}
