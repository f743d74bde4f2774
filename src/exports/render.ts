// Turns a route's JSON answer (a page, or the graph) into the representation asked for.
import type { Db } from '../db/client.ts';
import { getLocation } from '../db/queries/locations.ts';
import type { Actor } from '../schemas/actors.ts';
import type { Claim } from '../schemas/claims.ts';
import type { Event } from '../schemas/events.ts';
import type { Location } from '../schemas/locations.ts';
import type { SourceSummary } from '../schemas/sources.ts';
import type { TimelineItem } from '../schemas/timeline.ts';
import { claimsCsv, eventsCsv } from './csv.ts';
import { type ExportKind, type Format, MEDIA_TYPES } from './formats.ts';
import { type PlacedPoint, eventsGeoJson, locationsGeoJson } from './geojson.ts';
import { type GraphAnswer, toGraphMl } from './graph.ts';
import {
  Iris,
  actorNode,
  claimNode,
  eventNode,
  graphNodes,
  jsonLdDocument,
  locationNode,
  sourceNode,
  timelineNode,
} from './jsonld.ts';

/** The Content-Type sent with each export: CSV says it has a header row (RFC 4180 §3). */
export const CONTENT_TYPES: Readonly<Record<Exclude<Format, 'json'>, string>> = {
  jsonld: MEDIA_TYPES.jsonld,
  geojson: MEDIA_TYPES.geojson,
  csv: `${MEDIA_TYPES.csv}; charset=utf-8; header=present`,
  graphml: `${MEDIA_TYPES.graphml}; charset=utf-8`,
};

type Context = { origin: string; db: Db };

/** The point an event is drawn at: its place's coordinates, else the nearest ancestor's. */
function pointResolver(db: Db): (locationId: string) => PlacedPoint | undefined {
  const cache = new Map<string, PlacedPoint | undefined>();
  return (locationId) => {
    if (cache.has(locationId)) return cache.get(locationId);
    let found: PlacedPoint | undefined;
    const seen = new Set<string>();
    for (let id: string | undefined = locationId; id && !seen.has(id); ) {
      seen.add(id);
      const location = getLocation(db, id);
      if (location?.coordinates) {
        found = { ...location.coordinates, locationId: id, kind: location.kind };
        break;
      }
      id = location?.parent?.id;
    }
    cache.set(locationId, found);
    return found;
  };
}

/** The export of `body` (the route's JSON answer, already validated against its schema). */
export function renderExport(
  kind: ExportKind,
  format: Exclude<Format, 'json'>,
  body: unknown,
  context: Context,
): string {
  const iris = new Iris(context.origin);
  const data = (body as { data?: unknown[] }).data ?? [];
  switch (`${kind}:${format}`) {
    case 'claims:jsonld':
      return JSON.stringify(jsonLdDocument((data as Claim[]).map((claim) => claimNode(iris, claim))));
    case 'claims:csv':
      return claimsCsv(data as Claim[], iris.claim);
    case 'events:jsonld':
      return JSON.stringify(jsonLdDocument((data as Event[]).map((event) => eventNode(iris, event))));
    case 'events:geojson':
      return JSON.stringify(eventsGeoJson(data as Event[], iris.event, pointResolver(context.db)));
    case 'events:csv':
      return eventsCsv(data as Event[], iris.event);
    case 'locations:jsonld':
      return JSON.stringify(jsonLdDocument((data as Location[]).map((location) => locationNode(iris, location))));
    case 'locations:geojson':
      return JSON.stringify(locationsGeoJson(data as Location[], iris.location));
    case 'actors:jsonld':
      return JSON.stringify(jsonLdDocument((data as Actor[]).map((actor) => actorNode(iris, actor))));
    case 'sources:jsonld':
      return JSON.stringify(jsonLdDocument((data as SourceSummary[]).map((source) => sourceNode(iris, source))));
    case 'timeline:jsonld':
      return JSON.stringify(jsonLdDocument((data as TimelineItem[]).map((item) => timelineNode(iris, item))));
    case 'graph:jsonld':
      return JSON.stringify(jsonLdDocument(graphNodes(iris, body as GraphAnswer)));
    case 'graph:graphml':
      return toGraphMl(body as GraphAnswer);
    default:
      // formats.ts EXPORTS and this switch go together; the hooks never ask for a pair outside it.
      throw new Error(`no ${format} export of ${kind}`);
  }
}
