// Request bodies of the write endpoints (POST creates, PATCH changes some fields). References are
// ids of stored entities; evidence names a stored source and the exact words in its text.
import { z } from 'zod';
import { ACTOR_KINDS } from './actors.ts';
import { BUNDLE_LIMITS } from './bundle.ts';
import { CLAIM_LINK_TYPES, CLAIM_MODES, CLAIM_STANCES } from './claims.ts';
import { idSchema, timeSpecSchema } from './common.ts';
import { EVENT_STATUSES, PARTICIPANT_ROLES, RELATION_TYPES } from './events.ts';
import { LOCATION_KINDS } from './locations.ts';
import { eventLocationsInput, notBothPlaces } from './event-places.ts';
import { externalIdsSchema } from './external-ids.ts';
import { nameText } from './text-fields.ts';

/** The seed's article: the create examples below quote it, so they succeed on a seeded database. */
const SEED_SOURCE = 'russian-peacekeepers-start-withdrawal-from-nagorno-karabakh';

export const evidenceRefSchema = z
  .object({
    sourceId: idSchema.describe('The stored source whose text holds the words.'),
    quote: z.string().min(1).max(BUNDLE_LIMITS.claimTextChars).describe('The exact words of the source text.'),
    occurrence: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Which occurrence, 1-based; required when the words stand more than once.'),
  })
  .strict()
  .meta({
    id: 'EvidenceRef',
    description: 'Evidence for a write: the exact words of a stored source; the service turns it into a Span.',
    example: { sourceId: SEED_SOURCE, quote: 'No timeframe was given for the withdrawal.' },
  });
export type EvidenceRef = z.infer<typeof evidenceRefSchema>;

/** A role, a channel, the words of a quantity: short text, stored as sent. */
const shortText = z.string().min(1).max(BUNDLE_LIMITS.nameChars);
/** A name, alias or title: no control, zero-width or bidi-override character; stored NFC and trimmed. */
const name = nameText(BUNDLE_LIMITS.nameChars);
const NAME_NOTE =
  'Stored in Unicode NFC and trimmed; a control, zero-width or bidi embedding/override/isolate character is a 400 naming it, and so is white space alone.';
const aliases = z.array(name).max(100).describe(`Other names; replaces the whole list. ${NAME_NOTE}`);
const externalIds = externalIdsSchema.describe(
  'Ids in other registries; replaces the whole set (`{}` removes them). One holder per value: 409 naming it.',
);
const description = z.string().max(BUNDLE_LIMITS.descriptionChars).nullable().describe('What the sources say of it.');
const evidenceList = z
  .array(evidenceRefSchema)
  .max(BUNDLE_LIMITS.evidencePerItem)
  .describe('Where it is mentioned; replaces the whole list.');

const actorFields = {
  name: name.describe(`Display name. ${NAME_NOTE}`),
  kind: z.enum(ACTOR_KINDS).describe('What sort of actor.'),
  aliases,
  description,
  affiliations: z
    .array(
      z
        .object({
          organization: idSchema.describe('Id of the stored actor the affiliation is with.'),
          role: shortText.describe('The role held.'),
          from: timeSpecSchema.nullable().default(null),
          to: timeSpecSchema.nullable().default(null),
        })
        .strict(),
    )
    .max(100)
    .describe('Replaces the whole list.'),
  externalIds,
  evidence: evidenceList,
};

export const actorCreateSchema = z
  .object({
    id: idSchema.optional().describe('Wanted id; a slug of the name when omitted. 409 when taken.'),
    ...actorFields,
    aliases: actorFields.aliases.default([]),
    description: actorFields.description.default(null),
    affiliations: actorFields.affiliations.default([]),
    externalIds: actorFields.externalIds.default({}),
    evidence: actorFields.evidence.default([]),
  })
  .strict()
  .meta({
    id: 'ActorCreate',
    example: {
      name: 'Vladimir Putin',
      kind: 'person',
      aliases: ['Putin'],
      affiliations: [{ organization: 'kremlin', role: 'president' }],
    },
  });
export const actorPatchSchema = z
  .object(actorFields)
  .partial()
  .strict()
  .meta({
    id: 'ActorPatch',
    description: 'Only the fields given change; lists are replaced whole.',
    example: { description: 'Press secretary of the President of Russia.' },
  });
export type ActorCreate = z.infer<typeof actorCreateSchema>;
export type ActorPatch = z.infer<typeof actorPatchSchema>;

const locationFields = {
  name: name.describe(`Display name. ${NAME_NOTE}`),
  kind: z.enum(LOCATION_KINDS).describe('What sort of place.'),
  aliases,
  description,
  parent: idSchema.nullable().describe('Id of the stored location this one lies inside.'),
  coordinates: z
    .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
    .strict()
    .nullable()
    .describe('A representative point.'),
  areaKm2: z.number().positive().nullable().describe('Area in square kilometres.'),
  externalIds,
  evidence: evidenceList,
};

export const locationCreateSchema = z
  .object({
    id: idSchema.optional().describe('Wanted id; a slug of the name when omitted. 409 when taken.'),
    ...locationFields,
    aliases: locationFields.aliases.default([]),
    description: locationFields.description.default(null),
    parent: locationFields.parent.default(null),
    coordinates: locationFields.coordinates.default(null),
    areaKm2: locationFields.areaKm2.default(null),
    externalIds: locationFields.externalIds.default({}),
    evidence: locationFields.evidence.default([]),
  })
  .strict()
  .meta({ id: 'LocationCreate', example: { name: 'Stepanakert', kind: 'city', parent: 'nagorno-karabakh' } });
export const locationPatchSchema = z
  .object(locationFields)
  .partial()
  .strict()
  .meta({
    id: 'LocationPatch',
    description: 'Only the fields given change; lists are replaced whole.',
    example: { areaKm2: 4400 },
  });
export type LocationCreate = z.infer<typeof locationCreateSchema>;
export type LocationPatch = z.infer<typeof locationPatchSchema>;

const eventFields = {
  title: name.describe(`Short title; the id is a slug of it. ${NAME_NOTE}`),
  kind: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[a-z][a-z0-9_]*$/, 'must be lowercase snake_case, e.g. "withdrawal"')
    .describe('What sort of event.'),
  description,
  time: timeSpecSchema.describe('When; `text` must stand in an evidence source.'),
  status: z.enum(EVENT_STATUSES).describe('occurred, ongoing, planned or cancelled.'),
  location: idSchema
    .nullable()
    .describe('Id of the stored location where it happened: shorthand for `locations: [{ id, role: "at" }]`.'),
  locations: eventLocationsInput(idSchema, 'Id of a stored location.'),
  participants: z
    .array(z.object({ actor: idSchema, role: z.enum(PARTICIPANT_ROLES) }).strict())
    .max(500)
    .describe('Replaces the whole list.'),
  quantities: z
    .array(
      z
        .object({
          value: z.number(),
          unit: z.string().min(1).max(100),
          text: shortText.describe('The exact words of an evidence source.'),
        })
        .strict(),
    )
    .max(100)
    .describe('Replaces the whole list.'),
  relations: z
    .array(z.object({ type: z.enum(RELATION_TYPES), event: idSchema }).strict())
    .max(500)
    .describe('Every link of this event, as GET shows them (both directions); replaces them all.'),
  evidence: z
    .array(evidenceRefSchema)
    .min(1, 'an event needs at least one evidence mention')
    .max(BUNDLE_LIMITS.evidencePerItem)
    .describe('The words that report it; replaces the whole list.'),
};

export const eventCreateSchema = z
  .object({
    ...eventFields,
    description: eventFields.description.default(null),
    location: eventFields.location.optional(),
    locations: eventFields.locations.optional(),
    participants: eventFields.participants.default([]),
    quantities: eventFields.quantities.default([]),
    relations: eventFields.relations.default([]),
  })
  .strict()
  .superRefine(notBothPlaces)
  .meta({
    id: 'EventCreate',
    example: {
      title: 'Azerbaijan regains full control of Nagorno-Karabakh',
      kind: 'territorial_control',
      time: { text: 'last year', start: '2023-01-01', end: '2023-12-31', precision: 'year', approximate: false },
      status: 'occurred',
      locations: [{ id: 'nagorno-karabakh', role: 'at' }],
      participants: [{ actor: 'azerbaijan', role: 'agent' }],
      relations: [{ type: 'caused_by', event: 'azerbaijans-lightning-offensive-retakes-nagorno-karabakh' }],
      evidence: [{ sourceId: SEED_SOURCE, quote: 'Azerbaijan regained full control of the region last year' }],
    },
  });
export const eventPatchSchema = z
  .object(eventFields)
  .partial()
  .strict()
  .superRefine(notBothPlaces)
  .meta({
    id: 'EventPatch',
    description: 'Only the fields given change; lists are replaced whole.',
    example: { status: 'occurred' },
  });
export type EventCreate = z.infer<typeof eventCreateSchema>;
export type EventPatch = z.infer<typeof eventPatchSchema>;

const claimFields = {
  speaker: idSchema.describe('Id of the stored actor who said it.'),
  text: z
    .string()
    .min(1)
    .max(BUNDLE_LIMITS.claimTextChars)
    .describe('Verbatim (direct_quote, must stand inside the evidence) or a paraphrase.'),
  mode: z.enum(CLAIM_MODES).describe('direct_quote (text verbatim) or reported_speech (a paraphrase).'),
  stance: z.enum(CLAIM_STANCES).describe('What the speaker does with the words.'),
  saidAt: timeSpecSchema.describe('When it was said; `text` must stand in the evidence source.'),
  channel: shortText.nullable().describe('How it was said.'),
  reportedBy: idSchema.nullable().describe('Id of the outlet that carried it, when not the source itself.'),
  about: z
    .object({ events: z.array(idSchema).max(500).default([]), actors: z.array(idSchema).max(500).default([]) })
    .strict()
    .describe('Ids of the events and actors it is about; replaces both lists.'),
  respondsTo: idSchema.nullable().describe('Id of the claim this one answers.'),
  links: z
    .array(
      z
        .object({
          type: z
            .enum(CLAIM_LINK_TYPES, {
              error: `must be one of ${CLAIM_LINK_TYPES.join(', ')} (a response is given as respondsTo)`,
            })
            .describe('How this claim relates to the other.'),
          claim: idSchema.describe('Id of the stored claim linked to.'),
        })
        .strict(),
    )
    .max(500)
    .describe(
      'Typed links from this claim to others (supports, contradicts, denies, repeats); replaces its outgoing links. Links other claims make to this one stay.',
    ),
  evidence: evidenceRefSchema.describe(
    "The words of the source that report the claim; the claim's source is this source.",
  ),
};

export const claimCreateSchema = z
  .object({
    ...claimFields,
    channel: claimFields.channel.default(null),
    reportedBy: claimFields.reportedBy.default(null),
    about: claimFields.about.default({ events: [], actors: [] }),
    respondsTo: claimFields.respondsTo.default(null),
    links: claimFields.links.default([]),
  })
  .strict()
  .meta({
    id: 'ClaimCreate',
    example: {
      speaker: 'hikmet-hajiyev',
      text: 'The process has already begun',
      mode: 'direct_quote',
      stance: 'states',
      saidAt: { text: null, start: null, end: null, precision: 'unknown', approximate: false },
      channel: null,
      reportedBy: 'azertac',
      about: { events: ['russian-peacekeepers-withdraw-from-nagorno-karabakh'], actors: ['russian-peacekeepers'] },
      evidence: {
        sourceId: SEED_SOURCE,
        quote:
          'The process has already begun with the ministries of defence of Azerbaijan and Russia implementing appropriate measures for the execution of that decision.',
      },
    },
  });
export const claimPatchSchema = z
  .object(claimFields)
  .partial()
  .strict()
  .meta({
    id: 'ClaimPatch',
    description: 'Only the fields given change; lists are replaced whole.',
    example: { stance: 'states' },
  });
export type ClaimCreate = z.infer<typeof claimCreateSchema>;
export type ClaimPatch = z.infer<typeof claimPatchSchema>;
