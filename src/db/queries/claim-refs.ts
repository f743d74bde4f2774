// What a page of claims embeds (speaker and outlet names, the events and actors it is about, the
// claim it answers, its source), read in one statement whatever the page size. Building a query
// with drizzle costs more than running a cheap one, so the statement is built once, with the ids
// passed as JSON arrays: a page pays for one prepared statement instead of building six.
import { fillPlaceholders, sql } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { Db } from '../client.ts';
import * as t from '../schema.ts';

type ClaimRow = Pick<typeof t.claims.$inferSelect, 'id' | 'speakerId' | 'reportedById' | 'respondsToId' | 'sourceId'>;
type RefRow = {
  kind: 'actor' | 'event' | 'about' | 'claim' | 'source';
  id: string;
  text: string | null;
  claimId: string | null;
  position: number | null;
  publisher: string | null;
  publishedAt: string | null;
};

export type ClaimRefs = {
  aboutEvents: Array<{ claimId: string; eventId: string; position: number }>;
  aboutActors: Array<{ claimId: string; actorId: string; position: number }>;
  actors: Map<string, { id: string; name: string }>;
  events: Map<string, { id: string; title: string }>;
  answered: Map<string, { id: string; text: string }>;
  sources: Map<string, { id: string; title: string; publisher: string | null; publishedAt: string }>;
};

const ids = (name: string) => sql`(SELECT value FROM json_each(${sql.placeholder(name)}))`;
const claimIds = ids('claims');
const REFS = new SQLiteSyncDialect().sqlToQuery(sql`
    SELECT 'actor' AS kind, ${t.actors.id} AS id, ${t.actors.name} AS text, NULL AS claimId, NULL AS position, NULL AS publisher, NULL AS publishedAt
      FROM ${t.actors}
      WHERE ${t.actors.id} IN ${ids('actors')}
    UNION ALL
    SELECT 'event', ${t.events.id}, ${t.events.title}, ${t.claimEvents.claimId}, ${t.claimEvents.position}, NULL, NULL
      FROM ${t.claimEvents} JOIN ${t.events} ON ${t.events.id} = ${t.claimEvents.eventId}
      WHERE ${t.claimEvents.claimId} IN ${claimIds}
    UNION ALL
    SELECT 'about', ${t.actors.id}, ${t.actors.name}, ${t.claimActors.claimId}, ${t.claimActors.position}, NULL, NULL
      FROM ${t.claimActors} JOIN ${t.actors} ON ${t.actors.id} = ${t.claimActors.actorId}
      WHERE ${t.claimActors.claimId} IN ${claimIds}
    UNION ALL
    SELECT 'claim', ${t.claims.id}, ${t.claims.text}, NULL, NULL, NULL, NULL
      FROM ${t.claims} WHERE ${t.claims.id} IN ${ids('answered')}
    UNION ALL
    SELECT 'source', ${t.sources.id}, ${t.sources.title}, NULL, NULL, ${t.sources.publisher}, ${t.sources.publishedAt}
      FROM ${t.sources} WHERE ${t.sources.id} IN ${ids('sources')}`);

export function claimRefs(db: Db, rows: ClaimRow[]): ClaimRefs {
  const json = (ids: Array<string | null>) =>
    JSON.stringify([...new Set(ids.filter((id): id is string => id !== null))]);
  const params = fillPlaceholders(REFS.params, {
    claims: json(rows.map((r) => r.id)),
    actors: json(rows.flatMap((r) => [r.speakerId, r.reportedById])),
    answered: json(rows.map((r) => r.respondsToId)),
    sources: json(rows.map((r) => r.sourceId)),
  });
  const found = db.$client.prepare(REFS.sql).all(...params) as RefRow[];

  const refs: ClaimRefs = {
    aboutEvents: [],
    aboutActors: [],
    actors: new Map(),
    events: new Map(),
    answered: new Map(),
    sources: new Map(),
  };
  for (const r of found) {
    if (r.kind === 'actor') refs.actors.set(r.id, { id: r.id, name: r.text! });
    else if (r.kind === 'event') {
      refs.events.set(r.id, { id: r.id, title: r.text! });
      refs.aboutEvents.push({ claimId: r.claimId!, eventId: r.id, position: r.position! });
    } else if (r.kind === 'about') {
      refs.actors.set(r.id, { id: r.id, name: r.text! });
      refs.aboutActors.push({ claimId: r.claimId!, actorId: r.id, position: r.position! });
    } else if (r.kind === 'claim') refs.answered.set(r.id, { id: r.id, text: r.text! });
    else refs.sources.set(r.id, { id: r.id, title: r.text!, publisher: r.publisher, publishedAt: r.publishedAt! });
  }
  const byClaimThenPosition = (a: { claimId: string; position: number }, b: { claimId: string; position: number }) =>
    a.claimId < b.claimId ? -1 : a.claimId > b.claimId ? 1 : a.position - b.position;
  refs.aboutEvents.sort(byClaimThenPosition);
  refs.aboutActors.sort(byClaimThenPosition);
  return refs;
}

export { LINKS_EMBEDDED } from '../../schemas/claims.ts';
import { LINKS_EMBEDDED } from '../../schemas/claims.ts';

// The links are ranked per claim on their ids alone (outgoing first, then by type as CLAIM_LINK_KINDS
// lists them, then the other claim's id) and only the first LINKS_EMBEDDED read the other claim's
// text: a claim answered 10,000 times costs 10,000 index entries and a count, not 10,000 texts.
const LINK_RANK = `CASE type WHEN 'responds_to' THEN 0 WHEN 'supports' THEN 1 WHEN 'contradicts' THEN 2 WHEN 'denies' THEN 3 WHEN 'repeats' THEN 4 END`;
const LINKS = new SQLiteSyncDialect().sqlToQuery(sql`
    SELECT ranked.claimId, ranked.type, ranked.direction, ranked.id, ${t.claims.text} AS text, ranked.total
    FROM (
      SELECT claimId, type, direction, id,
        row_number() OVER (PARTITION BY claimId ORDER BY direction = 'incoming', ${sql.raw(LINK_RANK)}, id) AS n,
        count(*) OVER (PARTITION BY claimId) AS total
      FROM (
        SELECT ${t.claims.respondsToId} AS claimId, 'responds_to' AS type, 'incoming' AS direction, ${t.claims.id} AS id
          FROM ${t.claims} WHERE ${t.claims.respondsToId} IN ${claimIds}
        UNION ALL
        SELECT ${t.claimLinks.fromClaimId}, ${t.claimLinks.type}, 'outgoing', ${t.claimLinks.toClaimId}
          FROM ${t.claimLinks} WHERE ${t.claimLinks.fromClaimId} IN ${claimIds}
        UNION ALL
        SELECT ${t.claimLinks.toClaimId}, ${t.claimLinks.type}, 'incoming', ${t.claimLinks.fromClaimId}
          FROM ${t.claimLinks} WHERE ${t.claimLinks.toClaimId} IN ${claimIds}
      )
    ) AS ranked JOIN ${t.claims} ON ${t.claims.id} = ranked.id
    WHERE ranked.n <= ${LINKS_EMBEDDED}`);

/**
 * The links a page of claims has besides its own respondsTo: answers to them, and claim_links both
 * ways, with the other claim's text; at most LINKS_EMBEDDED per claim, each row with the claim's total.
 */
export function claimLinkRows(db: Db, ids: string[]) {
  type Row = {
    claimId: string;
    type: (typeof t.claimLinks.$inferSelect)['type'] | 'responds_to';
    direction: 'outgoing' | 'incoming';
    id: string;
    text: string;
    total: number;
  };
  return db.$client.prepare(LINKS.sql).all(...fillPlaceholders(LINKS.params, { claims: JSON.stringify(ids) })) as Row[];
}
