// One rule, one wording: a rule of an entity says the same thing whether it fires on a POST or PATCH
// (paths under `body`) or on a bundle import (paths under `body.<kind>s[i]`). The rules live in the
// entity homes (src/entities/<kind>/), which both kinds of write call.
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/db/client.ts';
import { createActor, createClaim, createEvent, updateActor, updateLocation } from '../../src/domain/curation.ts';
import { importBundle, parseBundle } from '../../src/domain/import-bundle.ts';
import { loadSeed } from '../../src/domain/seed.ts';
import { type FieldError, InvalidRequestError } from '../../src/errors.ts';

const SEED_SOURCE = 'russian-peacekeepers-start-withdrawal-from-nagorno-karabakh';
const UNKNOWN_TIME = { text: null, start: null, end: null, precision: 'unknown', approximate: false } as const;
const TEXT = 'The ministry said on Monday that the bridge had reopened. "Traffic flows again," the minister said.';
const context = { keyName: 'test' };

const opened: Db[] = [];
function seededDb(): Db {
  const db = openDatabase(':memory:');
  opened.push(db);
  loadSeed(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.$client.close();
});

/** The field errors `write` is refused with (fails when it is not a 400). */
function refused(write: () => unknown): FieldError[] {
  try {
    write();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return (error as InvalidRequestError).errors ?? [];
  }
  throw new Error('the write was not refused');
}

/** A small valid bundle of TEXT; `change` breaks one rule. */
function bundle(change: (b: Record<string, any>) => void) {
  const b: Record<string, any> = {
    source: { title: 'Bridge reopens', publishedAt: '2024-05-06', language: 'en', text: TEXT },
    actors: [
      { key: 'ministry', name: 'The ministry', kind: 'organization', evidence: ['The ministry'] },
      { key: 'minister', name: 'The minister', kind: 'person', evidence: ['the minister'] },
    ],
    locations: [{ key: 'bridge', name: 'The bridge', kind: 'site', evidence: ['the bridge'] }],
    events: [
      {
        key: 'reopening',
        title: 'The bridge reopens',
        kind: 'reopening',
        time: { text: 'on Monday', start: '2024-05-06', end: '2024-05-06', precision: 'day', approximate: false },
        status: 'occurred',
        location: 'bridge',
        evidence: ['the bridge had reopened'],
      },
    ],
    claims: [
      {
        key: 'traffic',
        speaker: 'minister',
        text: 'Traffic flows again',
        mode: 'direct_quote',
        stance: 'states',
        saidAt: UNKNOWN_TIME,
        about: { events: ['reopening'], actors: [] },
        evidence: '"Traffic flows again," the minister said.',
      },
    ],
  };
  change(b);
  return parseBundle(b);
}

const messages = (errors: FieldError[]) => errors.map((e) => e.message);

describe('one wording for a rule, from a POST or PATCH and from a bundle', () => {
  it('a direct_quote not verbatim inside its evidence', () => {
    const db = seededDb();
    const fromPost = refused(() =>
      createClaim(db, context, {
        speaker: 'dmitry-peskov',
        text: 'The withdrawal is complete',
        mode: 'direct_quote',
        stance: 'states',
        saidAt: UNKNOWN_TIME,
        channel: null,
        reportedBy: null,
        about: { events: [], actors: [] },
        respondsTo: null,
        links: [],
        evidence: { sourceId: SEED_SOURCE, quote: 'No timeframe was given for the withdrawal.' },
      }),
    );
    const fromBundle = refused(() =>
      importBundle(
        db,
        bundle((b) => {
          b.claims[0].text = 'Traffic is flowing';
        }),
        context,
      ),
    );

    expect(fromPost).toEqual([
      { path: 'body.text', message: 'is a direct_quote but is not verbatim inside its evidence' },
    ]);
    expect(fromBundle).toEqual([
      { path: 'body.claims[0].text', message: 'is a direct_quote but is not verbatim inside its evidence' },
    ]);
  });

  it('time words that are not in the source text', () => {
    const db = seededDb();
    const time = {
      text: 'last Friday',
      start: '2024-04-12',
      end: '2024-04-12',
      precision: 'day',
      approximate: false,
    } as const;
    const fromPost = refused(() =>
      createEvent(db, context, {
        title: 'A meeting',
        kind: 'meeting',
        description: null,
        time,
        status: 'occurred',
        location: null,
        participants: [],
        quantities: [],
        relations: [],
        evidence: [{ sourceId: SEED_SOURCE, quote: 'No timeframe was given for the withdrawal.' }],
      }),
    );
    const fromBundle = refused(() =>
      importBundle(
        db,
        bundle((b) => {
          b.events[0].time = time;
        }),
        context,
      ),
    );

    expect(fromPost).toEqual([{ path: 'body.time.text', message: '"last Friday" is not in the source text' }]);
    expect(fromBundle).toEqual([
      { path: 'body.events[0].time.text', message: '"last Friday" is not in the source text' },
    ]);
  });

  it('an actor affiliated with itself (a bundle used to store it)', () => {
    const db = seededDb();
    const fromPatch = refused(() =>
      updateActor(db, context, 'kremlin', {
        affiliations: [{ organization: 'kremlin', role: 'itself', from: null, to: null }],
      }),
    );
    const fromBundle = refused(() =>
      importBundle(
        db,
        bundle((b) => {
          b.actors[0].affiliations = [{ organization: 'ministry', role: 'itself' }];
        }),
        context,
      ),
    );

    expect(fromPatch).toEqual([
      { path: 'body.affiliations[0].organization', message: 'an actor cannot be affiliated with itself' },
    ]);
    expect(fromBundle).toEqual([
      { path: 'body.actors[0].affiliations[0].organization', message: 'an actor cannot be affiliated with itself' },
    ]);
    expect(() =>
      createActor(db, context, {
        id: 'solo',
        name: 'Solo',
        kind: 'person',
        aliases: [],
        description: null,
        affiliations: [{ organization: 'solo', role: 'itself', from: null, to: null }],
        externalIds: {},
        evidence: [],
      }),
    ).toThrow(InvalidRequestError);
  });

  it('a cycle of parents', () => {
    const db = seededDb();
    const fromPatch = refused(() => updateLocation(db, context, 'azerbaijan', { parent: 'kalbajar-monastery' }));
    const fromBundle = refused(() =>
      importBundle(
        db,
        bundle((b) => {
          b.locations[0].parent = 'bridge';
        }),
        context,
      ),
    );

    expect(fromPatch).toEqual([
      { path: 'body.parent', message: 'makes a cycle of parents: "kalbajar-monastery" lies inside "azerbaijan"' },
    ]);
    expect(messages(fromBundle)).toEqual(['makes a cycle of parents: "bridge" lies inside "bridge"']);
  });
});
