// JSON-LD exports: the page's items as linked data in the Simple Event Model (events, actors, places,
// times, roles) and schema.org (claims and quotations, people and organisations, places with
// coordinates, news articles). Every node has an absolute @id on this server and an @type.
import type { Actor } from '../schemas/actors.ts';
import type { Claim } from '../schemas/claims.ts';
import type { Span, TimeSpec } from '../schemas/common.ts';
import type { Event } from '../schemas/events.ts';
import type { Location } from '../schemas/locations.ts';
import type { SourceSummary } from '../schemas/sources.ts';
import type { TimelineItem } from '../schemas/timeline.ts';
import type { GraphEdge, GraphNode } from '../schemas/graph.ts';
import type { GraphAnswer } from './graph.ts';

/** Where a term the two vocabularies lack is defined; the same host names our problem types. */
export const EKG_VOCAB = 'https://eventkg.dev/vocab#';

export const JSONLD_CONTEXT = {
  // http, not https: the namespace schema.org's own context maps its terms to.
  schema: 'http://schema.org/',
  sem: 'http://semanticweb.cs.vu.nl/2009/11/sem/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  ekg: EKG_VOCAB,
} as const;

type Node = { '@id': string; '@type': string[]; [property: string]: unknown };
export type JsonLdDocument = { '@context': typeof JSONLD_CONTEXT; '@graph': Node[] };

/** Absolute IRIs of the API's resources on the server that answered, e.g. http://host/v1/claims/x. */
export class Iris {
  constructor(readonly origin: string) {}

  actor = (id: string) => `${this.origin}/v1/actors/${id}`;
  location = (id: string) => `${this.origin}/v1/locations/${id}`;
  event = (id: string) => `${this.origin}/v1/events/${id}`;
  claim = (id: string) => `${this.origin}/v1/claims/${id}`;
  source = (id: string) => `${this.origin}/v1/sources/${id}`;
  /** An event kind is named by the list of events of that kind. */
  eventKind = (kind: string) => `${this.origin}/v1/events?kind=${encodeURIComponent(kind)}`;
}

/** Leaves out null, undefined and empty arrays, so a node states only what is known. */
function compact(node: Node): Node {
  return Object.fromEntries(
    Object.entries(node).filter(
      ([, value]) => value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0),
    ),
  ) as Node;
}

/** A date or datetime literal; xsd:dateTime needs seconds, which the API lets a source omit. */
function dateLiteral(value: string | null | undefined) {
  if (!value) return undefined;
  if (!value.includes('T')) return { '@value': value, '@type': 'xsd:date' };
  return { '@value': value.replace(/T(\d{2}:\d{2})Z$/, 'T$1:00Z'), '@type': 'xsd:dateTime' };
}

/** sem:hasTimeStamp for one exact moment or day, else the begin and end of the interval. */
function timeStamps(time: TimeSpec): Record<string, unknown> {
  if (time.start && time.start === time.end) return { 'sem:hasTimeStamp': dateLiteral(time.start) };
  return { 'sem:hasBeginTimeStamp': dateLiteral(time.start), 'sem:hasEndTimeStamp': dateLiteral(time.end) };
}

/** The TimeSpec as a sem:Time, keeping the words of the source and how precise they are. */
function timeNode(id: string, time: TimeSpec): Node {
  return compact({
    '@id': id,
    '@type': ['sem:Time'],
    'rdfs:label': time.text,
    ...timeStamps(time),
    'ekg:precision': time.precision,
    'ekg:approximate': time.approximate,
  });
}

const actorRef = (iris: Iris, actor: { id: string; name: string }): Node => ({
  '@id': iris.actor(actor.id),
  '@type': ['sem:Actor'],
  'schema:name': actor.name,
});
const placeRef = (iris: Iris, place: { id: string; name: string }): Node => ({
  '@id': iris.location(place.id),
  '@type': ['sem:Place', 'schema:Place'],
  'schema:name': place.name,
});
const eventRef = (iris: Iris, event: { id: string; title: string }): Node => ({
  '@id': iris.event(event.id),
  '@type': ['sem:Event'],
  'schema:name': event.title,
});
const sourceRef = (iris: Iris, source: { id: string; title: string }): Node => ({
  '@id': iris.source(source.id),
  '@type': ['schema:NewsArticle'],
  'schema:headline': source.title,
});

/** Evidence: the exact words, as a schema:Quotation that is part of its source. */
function spanNode(iris: Iris, span: Span): Node {
  return {
    '@id': `${iris.source(span.sourceId)}#span-${span.start}-${span.end}`,
    '@type': ['schema:Quotation'],
    'schema:text': span.text,
    'schema:isPartOf': { '@id': iris.source(span.sourceId), '@type': ['schema:NewsArticle'] },
    'ekg:start': span.start,
    'ekg:end': span.end,
  };
}

/** Relation types SEM names; the others are ours, camelCased. */
const RELATION_PROPERTIES: Record<Event['relations'][number]['type'], string> = {
  part_of: 'sem:subEventOf',
  has_part: 'sem:hasSubEvent',
  causes: 'ekg:causes',
  caused_by: 'ekg:causedBy',
  precedes: 'ekg:precedes',
  follows: 'ekg:follows',
  ends: 'ekg:ends',
  ended_by: 'ekg:endedBy',
};

export function eventNode(iris: Iris, event: Event): Node {
  const id = iris.event(event.id);
  const relations: Record<string, Node[]> = {};
  for (const relation of event.relations)
    (relations[RELATION_PROPERTIES[relation.type]] ??= []).push(eventRef(iris, relation.event));
  return compact({
    '@id': id,
    '@type': ['sem:Event'],
    'schema:name': event.title,
    'schema:description': event.description,
    'sem:eventType': { '@id': iris.eventKind(event.kind), '@type': ['sem:EventType'], 'rdfs:label': event.kind },
    ...timeStamps(event.time),
    'sem:hasTime': timeNode(`${id}#time`, event.time),
    'ekg:status': event.status,
    'sem:hasPlace': event.location ? placeRef(iris, event.location) : null,
    // SEM's pattern for a role: a sem:Role stands in for the actor, rdf:value points to the actor.
    'sem:hasActor': event.participants.map((participant) => ({
      '@id': `${id}#role-${participant.actor.id}-${participant.role}`,
      '@type': ['sem:Role'],
      'rdf:value': actorRef(iris, participant.actor),
      'sem:roleType': {
        '@id': `${EKG_VOCAB}${participant.role}`,
        '@type': ['sem:RoleType'],
        'rdfs:label': participant.role,
      },
    })),
    'ekg:quantity': event.quantities.map((quantity, index) => ({
      '@id': `${id}#quantity-${index + 1}`,
      '@type': ['schema:QuantitativeValue'],
      'schema:value': quantity.value,
      'schema:unitText': quantity.unit,
      'schema:description': quantity.text,
    })),
    ...relations,
    'ekg:evidence': event.evidence.map((span) => spanNode(iris, span)),
  });
}

export function claimNode(iris: Iris, claim: Claim): Node {
  const id = iris.claim(claim.id);
  const { start, end } = claim.saidAt;
  return compact({
    '@id': id,
    // A direct quote is the speaker's own words: a Quotation as well as a Claim.
    '@type': claim.mode === 'direct_quote' ? ['schema:Claim', 'schema:Quotation'] : ['schema:Claim'],
    'schema:text': claim.text,
    'schema:author': actorRef(iris, claim.speaker),
    'ekg:mode': claim.mode,
    'ekg:stance': claim.stance,
    'schema:dateCreated': start && start === end ? dateLiteral(start) : null,
    'ekg:saidAt': timeNode(`${id}#saidAt`, claim.saidAt),
    'ekg:channel': claim.channel,
    'schema:publisher': claim.reportedBy ? actorRef(iris, claim.reportedBy) : null,
    'schema:about': [
      ...claim.about.events.map((event) => eventRef(iris, event)),
      ...claim.about.actors.map((actor) => actorRef(iris, actor)),
    ],
    'ekg:respondsTo': claim.respondsTo
      ? { '@id': iris.claim(claim.respondsTo.id), '@type': ['schema:Claim'], 'schema:text': claim.respondsTo.text }
      : null,
    // Every source carrying it (the first is where it was first seen), as far as the claim embeds them.
    'schema:appearance':
      claim.appearances.length > 1
        ? claim.appearances.map((a) => sourceRef(iris, a.source))
        : sourceRef(iris, claim.source),
    'ekg:evidence': spanNode(iris, claim.evidence),
    'ekg:sourceCount': claim.sourceCount,
    'ekg:independentSources': claim.independentSources,
  });
}

/** schema.org's nearest type for each actor kind; a group (a people, a population) is only a sem:Actor. */
const ACTOR_TYPES: Record<Actor['kind'], string[]> = {
  person: ['schema:Person'],
  state: ['schema:GovernmentOrganization'],
  organization: ['schema:Organization'],
  military: ['schema:Organization'],
  media: ['schema:NewsMediaOrganization'],
  group: [],
};

/** The same entity in Wikidata and GeoNames (`externalIds`), as the IRIs those registries give it. */
function sameAs(externalIds: {
  wikidata?: string | undefined;
  geonames?: string | undefined;
}): Array<{ '@id': string }> {
  return [
    ...(externalIds.wikidata ? [{ '@id': `http://www.wikidata.org/entity/${externalIds.wikidata}` }] : []),
    ...(externalIds.geonames ? [{ '@id': `https://sws.geonames.org/${externalIds.geonames}/` }] : []),
  ];
}

export function actorNode(iris: Iris, actor: Actor): Node {
  const id = iris.actor(actor.id);
  return compact({
    '@id': id,
    '@type': ['sem:Actor', ...ACTOR_TYPES[actor.kind]],
    'schema:name': actor.name,
    'schema:alternateName': actor.aliases,
    'schema:description': actor.description,
    'ekg:actorKind': actor.kind,
    'schema:sameAs': sameAs(actor.externalIds),
    // schema.org's Role pattern: the OrganizationRole carries the role name and the period.
    'schema:memberOf': actor.affiliations.map((affiliation, index) =>
      compact({
        '@id': `${id}#affiliation-${index + 1}`,
        '@type': ['schema:OrganizationRole'],
        'schema:roleName': affiliation.role,
        'schema:memberOf': actorRef(iris, affiliation.organization),
        'schema:startDate': dateLiteral(affiliation.from?.start),
        'schema:endDate': dateLiteral(affiliation.to?.end),
      }),
    ),
    'ekg:evidence': actor.evidence.map((span) => spanNode(iris, span)),
  });
}

const LOCATION_TYPES: Record<Location['kind'], string[]> = {
  country: ['schema:Country'],
  region: ['schema:AdministrativeArea'],
  district: ['schema:AdministrativeArea'],
  city: ['schema:City'],
  site: [],
  route: [],
};

export function locationNode(iris: Iris, location: Location): Node {
  const id = iris.location(location.id);
  return compact({
    '@id': id,
    '@type': ['sem:Place', 'schema:Place', ...LOCATION_TYPES[location.kind]],
    'schema:name': location.name,
    'schema:alternateName': location.aliases,
    'schema:description': location.description,
    'ekg:locationKind': location.kind,
    'schema:sameAs': sameAs(location.externalIds),
    'schema:containedInPlace': location.parent ? placeRef(iris, location.parent) : null,
    'schema:geo': location.coordinates
      ? {
          '@id': `${id}#geo`,
          '@type': ['schema:GeoCoordinates'],
          'schema:latitude': location.coordinates.lat,
          'schema:longitude': location.coordinates.lon,
        }
      : null,
    'ekg:areaKm2': location.areaKm2,
    'ekg:evidence': location.evidence.map((span) => spanNode(iris, span)),
  });
}

export function sourceNode(iris: Iris, source: SourceSummary): Node {
  const id = iris.source(source.id);
  return compact({
    '@id': id,
    '@type': ['schema:NewsArticle'],
    'schema:headline': source.title,
    'schema:publisher': source.publisher
      ? { '@id': `${id}#publisher`, '@type': ['schema:Organization'], 'schema:name': source.publisher }
      : null,
    'schema:url': source.url && URL.canParse(source.url) ? { '@id': source.url } : source.url,
    'schema:datePublished': dateLiteral(source.publishedAt),
    'schema:inLanguage': source.language,
    'ekg:actorCount': source.counts.actors,
    'ekg:locationCount': source.counts.locations,
    'ekg:eventCount': source.counts.events,
    'ekg:claimCount': source.counts.claims,
  });
}

export function timelineNode(iris: Iris, item: TimelineItem): Node {
  return item.type === 'event' ? eventNode(iris, item.event) : claimNode(iris, item.claim);
}

/**
 * A graph answer as linked data: each node typed as its resource is, each edge a property of its
 * source node, in the terms the lists use (claim -> event is schema:about, event -> place sem:hasPlace;
 * `said` is the claim's schema:author). The labels are display text, so they are rdfs:label on claims.
 * A participation keeps its role as the sem:Role the event exports give it, an affiliation as a
 * schema:OrganizationRole.
 */
export function graphNodes(iris: Iris, answer: GraphAnswer): Node[] {
  const byId = new Map<string, Node>();
  for (const node of answer.nodes) byId.set(node.id, graphNode(iris, node));
  const add = (node: Node, property: string, value: unknown) => ((node[property] ??= []) as unknown[]).push(value);
  for (const edge of answer.edges) {
    const from = byId.get(edge.source);
    const to = byId.get(edge.target);
    if (!from || !to) continue;
    const target = { '@id': to['@id'] };
    if (edge.type === 'participated') {
      add(to, 'sem:hasActor', {
        '@id': `${to['@id']}#role-${edge.source.replace(/^actor:/, '')}-${encodeURIComponent(edge.role ?? 'participant')}`,
        '@type': ['sem:Role'],
        'rdf:value': { '@id': from['@id'] },
        'sem:roleType': {
          '@id': `${EKG_VOCAB}${edge.role ?? 'participant'}`,
          '@type': ['sem:RoleType'],
          'rdfs:label': edge.role ?? 'participant',
        },
      });
    } else if (edge.type === 'affiliated_with') {
      add(from, 'schema:memberOf', {
        '@id': `${from['@id']}#affiliated-with-${edge.target.replace(/^actor:/, '')}-${encodeURIComponent(edge.role ?? 'member')}`,
        '@type': ['schema:OrganizationRole'],
        'schema:roleName': edge.role,
        'schema:memberOf': target,
      });
    } else if (edge.type === 'said') {
      add(to, 'schema:author', { '@id': from['@id'] });
    } else if (edge.type === 'extracted_from') {
      add(from, edge.source.startsWith('claim:') ? 'schema:appearance' : 'ekg:extractedFrom', target);
    } else {
      add(from, GRAPH_EDGE_PROPERTIES[edge.type], target);
    }
  }
  return [...byId.values()];
}

const GRAPH_EDGE_PROPERTIES: Record<
  Exclude<GraphEdge['type'], 'participated' | 'affiliated_with' | 'said' | 'extracted_from'>,
  string
> = {
  about: 'schema:about',
  located_in: 'sem:hasPlace',
  within: 'schema:containedInPlace',
  causes: 'ekg:causes',
  part_of: 'sem:subEventOf',
  precedes: 'ekg:precedes',
  ends: 'ekg:ends',
  responds_to: 'ekg:respondsTo',
  supports: 'ekg:supports',
  contradicts: 'ekg:contradicts',
  denies: 'ekg:denies',
  repeats: 'ekg:repeats',
  reported_by: 'schema:publisher',
};

function graphNode(iris: Iris, node: GraphNode): Node {
  switch (node.kind) {
    case 'actor':
      return {
        '@id': iris.actor(node.entityId),
        '@type': ['sem:Actor', ...ACTOR_TYPES[node.actorKind]],
        'schema:name': node.label,
      };
    case 'location':
      return {
        '@id': iris.location(node.entityId),
        '@type': ['sem:Place', 'schema:Place', ...LOCATION_TYPES[node.locationKind]],
        'schema:name': node.label,
      };
    case 'event':
      return compact({
        '@id': iris.event(node.entityId),
        '@type': ['sem:Event'],
        'schema:name': node.label,
        'sem:eventType': {
          '@id': iris.eventKind(node.eventKind),
          '@type': ['sem:EventType'],
          'rdfs:label': node.eventKind,
        },
        ...timeStamps(node.time),
        'ekg:status': node.status,
      });
    case 'claim':
      return {
        '@id': iris.claim(node.entityId),
        '@type': ['schema:Claim'],
        'rdfs:label': node.label,
        'ekg:stance': node.stance,
        'ekg:mode': node.mode,
      };
    case 'source':
      return compact({
        '@id': iris.source(node.entityId),
        '@type': ['schema:NewsArticle'],
        'schema:headline': node.label,
        'schema:datePublished': dateLiteral(node.publishedAt),
      });
  }
}

export function jsonLdDocument(nodes: Node[]): JsonLdDocument {
  return { '@context': JSONLD_CONTEXT, '@graph': nodes };
}
