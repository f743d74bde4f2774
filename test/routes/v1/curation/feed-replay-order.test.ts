// The change feed in an order a client can replay: applied one entry at a time, every reference an
// entry's representation holds names something the client already has. A bundle that answers, links
// to and relates to stored entities must log its new claims and events before the stored ones that
// now show them (their incoming link, their inverse relation).
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from '../../../helpers.ts';
import { type Change, WITHDRAWAL, call, loadBundle, readFeed, useKeys } from './curation-helpers.ts';

type Kind = Change['entityType'];
type Ref = readonly [Kind, string];

const ids = (kind: Kind, refs: Array<{ id: string } | null | undefined>): Ref[] =>
  refs.flatMap((r) => (r ? [[kind, r.id] as const] : []));
const cited = (spans: Array<{ sourceId: string }>): Ref[] => spans.map((s) => ['source', s.sourceId] as const);

/** Every entity a representation names, by kind, as the API shapes of each kind embed them. */
function referencesOf(kind: Kind, after: Record<string, any>): Ref[] {
  switch (kind) {
    case 'source':
      return [];
    case 'actor':
      return [
        ...ids(
          'actor',
          after.affiliations.map((a: any) => a.organization),
        ),
        ...cited(after.evidence),
      ];
    case 'location':
      return [...ids('location', [after.parent]), ...cited(after.evidence)];
    case 'event':
      return [
        ...ids('location', [after.location]),
        ...ids(
          'actor',
          after.participants.map((p: any) => p.actor),
        ),
        ...ids(
          'event',
          after.relations.map((r: any) => r.event),
        ),
        ...cited(after.evidence),
      ];
    case 'claim':
      return [
        ...ids('actor', [after.speaker, after.reportedBy, ...after.about.actors]),
        ...ids('event', after.about.events),
        ...ids('claim', [after.respondsTo, ...after.links.map((l: any) => l.claim)]),
        ...ids('source', [after.source]),
        ...cited([after.evidence]),
        ...ids(
          'source',
          after.appearances.map((a: any) => a.source),
        ),
        ...ids(
          'actor',
          after.appearances.map((a: any) => a.reportedBy),
        ),
        ...ids(
          'actor',
          after.attribution.map((step: any) => step.actor),
        ),
        ...ids(
          'source',
          after.attribution.map((step: any) => step.source),
        ),
      ];
  }
}

describe('the change feed of a bundle that links to stored claims and events', () => {
  const app = useApp();
  const keys = useKeys(app);
  let sourceId: string;

  beforeAll(async () => {
    const bundle = loadBundle();
    // Answers and links to claims of the seed, relates to an event of the seed; nothing new that
    // shows another new thing from both ends (two new claims linked would each name the other).
    bundle.claims[0].links = [{ type: 'supports', claim: 'dmitry-peskov-confirms' }];
    bundle.claims[1].respondsTo = 'dmitry-peskov-confirms';
    bundle.claims[2].links = [{ type: 'repeats', claim: 'armenias-political-leadership-accuses' }];
    bundle.events[1].relations = [{ type: 'part_of', event: WITHDRAWAL }];
    // And repeats a stored claim: an appearance of it, which names the new source.
    bundle.claims.push({
      appears: 'hikmet-hajiyev-confirms',
      evidence: 'Kremlin spokesman Dmitry Peskov told reporters that the mission was over.',
      reportedBy: 'apa',
    });
    const reply = await call(app(), 'POST', '/v1/sources', { key: keys.writer, body: bundle });
    expect(reply.status, reply.raw).toBe(201);
    sourceId = reply.body.source.id;
  });

  it('when replayed in order, then every reference of every entry of the import names something already replayed', async () => {
    // Arrange: the feed from the start (the seed first, then the import).
    const { changes } = await readFeed(app(), undefined, 1000);
    const start = changes.findIndex((c) => c.entityType === 'source' && c.entityId === sourceId);
    expect(start).toBeGreaterThan(0);
    const imported = changes.slice(start).filter((c) => c.by === 'test-writer');

    // Act: replay, entry by entry.
    const have = new Set<string>();
    const dangling: string[] = [];
    for (const [i, change] of changes.entries()) {
      const key = `${change.entityType}:${change.entityId}`;
      if (change.action === 'delete' || change.action === 'merge') {
        have.delete(key);
        continue;
      }
      if (i >= start)
        for (const [kind, id] of referencesOf(change.entityType, change.after!))
          if (!have.has(`${kind}:${id}`)) dangling.push(`${change.seq} ${change.action} ${key} names ${kind}:${id}`);
      have.add(key);
    }

    // Assert: nothing dangles, and the stored claims and event that now show the new ones were updated.
    expect(dangling).toEqual([]);
    const updated = imported.filter((c) => c.action === 'update').map((c) => `${c.entityType}:${c.entityId}`);
    expect(updated.sort()).toEqual(
      [
        'claim:armenias-political-leadership-accuses',
        'claim:dmitry-peskov-confirms',
        'claim:hikmet-hajiyev-confirms',
        `event:${WITHDRAWAL}`,
      ].sort(),
    );
  });

  it('logs the import as its creates, what is embedded first (source, actors, locations, events, claims), then the updates', async () => {
    const { changes } = await readFeed(app(), undefined, 1000);
    const imported = changes.filter((c) => c.by === 'test-writer');

    const order = imported.map((c) => `${c.action} ${c.entityType}`);
    const runs = order.filter((step, i) => step !== order[i - 1]);
    expect(runs).toEqual([
      'create source',
      'create actor',
      'create location',
      'create event',
      'create claim',
      'update event',
      'update claim',
    ]);
  });
});
