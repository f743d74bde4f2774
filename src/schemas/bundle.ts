// The bundle: one source and everything annotated in it. The seed and POST /v1/sources share it.
import { z } from 'zod';
import { dateOrDateTimeSchema, idSchema, timeSpecSchema } from './common.ts';
import { ACTOR_KINDS } from './actors.ts';
import { LOCATION_KINDS } from './locations.ts';
import { EVENT_STATUSES, PARTICIPANT_ROLES, RELATION_TYPES } from './events.ts';
import { CLAIM_LINK_TYPES, CLAIM_MODES, CLAIM_STANCES } from './claims.ts';
import { eventLocationsInput, notBothPlaces } from './event-places.ts';
import { externalIdsSchema } from './external-ids.ts';
import { nameText, sourceText, trimmedText } from './text-fields.ts';

export const BUNDLE_LIMITS = {
  sourceTextChars: 1_000_000,
  items: 5_000,
  nameChars: 300,
  descriptionChars: 5_000,
  claimTextChars: 10_000,
  evidencePerItem: 50,
  /** Levels of parents above a location (a city in a district in a region in a country is 3). */
  locationDepth: 20,
} as const;

/**
 * A made-up follow-up article that imports on the seed: its references that are not keys of the
 * bundle (dmitry-peskov, russian-peacekeepers, the withdrawal event) name stored seed ids.
 */
const BUNDLE_EXAMPLE = {
  source: {
    id: 'kremlin-says-withdrawal-is-complete',
    title: 'Kremlin says the peacekeeper withdrawal is complete',
    publisher: 'Example Wire (a made-up article to try an import)',
    url: null,
    publishedAt: '2024-06-13',
    language: 'en',
    text: 'The last Russian peacekeepers have left Nagorno-Karabakh, the Kremlin said on Wednesday. "The mission is complete," Kremlin spokesman Dmitry Peskov told reporters.',
  },
  events: [
    {
      key: 'last-peacekeepers-leave',
      title: 'The last Russian peacekeepers leave Nagorno-Karabakh',
      kind: 'departure',
      time: { text: null, start: null, end: null, precision: 'unknown', approximate: false },
      status: 'occurred',
      location: 'nagorno-karabakh',
      participants: [{ actor: 'russian-peacekeepers', role: 'agent' }],
      relations: [{ type: 'part_of', event: 'russian-peacekeepers-withdraw-from-nagorno-karabakh' }],
      evidence: ['The last Russian peacekeepers have left Nagorno-Karabakh'],
    },
  ],
  claims: [
    {
      key: 'peskov-mission-complete',
      speaker: 'dmitry-peskov',
      text: 'The mission is complete',
      mode: 'direct_quote',
      stance: 'confirms',
      saidAt: { text: 'on Wednesday', start: '2024-06-12', end: '2024-06-12', precision: 'day', approximate: false },
      channel: 'remarks to reporters',
      about: { events: ['last-peacekeepers-leave'], actors: ['russian-peacekeepers'] },
      evidence: '"The mission is complete," Kremlin spokesman Dmitry Peskov told reporters.',
    },
  ],
};

const keySchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lowercase slug: letters a-z, digits and "-"')
  .describe('Local name of the item inside this bundle; references name a key or the id of a stored entity.');

const referenceSchema = keySchema.describe('A key of this bundle or, failing that, the id of a stored entity.');

const mentionSchema = z
  .union([
    z.string().min(1).max(BUNDLE_LIMITS.claimTextChars),
    z
      .object({
        quote: z.string().min(1).max(BUNDLE_LIMITS.claimTextChars),
        occurrence: z.number().int().min(1).describe('1-based: which occurrence of the quote in the text.'),
      })
      .strict(),
  ])
  .describe('Exact words of the source text; `{ quote, occurrence }` where they stand more than once.')
  .meta({ id: 'Mention' });
export type MentionInput = z.infer<typeof mentionSchema>;

/** A name, alias or title: no control, zero-width or bidi-override character; stored NFC and trimmed. */
const nameField = nameText(BUNDLE_LIMITS.nameChars);

const names = {
  aliases: z.array(nameField).max(100).default([]).describe('Other names.'),
  externalIds: externalIdsSchema.default({}).describe('Ids in other registries; one holder per value (409 naming it).'),
  description: z.string().max(BUNDLE_LIMITS.descriptionChars).nullable().default(null),
  evidence: z
    .array(mentionSchema)
    .max(BUNDLE_LIMITS.evidencePerItem)
    .default([])
    .describe('Where the item is mentioned.'),
};

const bundleSourceSchema = z
  .object({
    id: idSchema.optional().describe('Wanted id; a slug of the title when omitted or taken.'),
    title: nameField,
    publisher: trimmedText(BUNDLE_LIMITS.nameChars).nullable().default(null),
    // Only http(s): a javascript: or data: URL would be served to frontends that render it as a link.
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
      .max(2000)
      .nullable()
      .default(null),
    publishedAt: dateOrDateTimeSchema.describe('Publication date; relative times in the text resolve against it.'),
    language: z
      .string()
      .max(35)
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as "en"'),
    text: sourceText(BUNDLE_LIMITS.sourceTextChars).describe(
      'The article body, without page chrome. Stored in Unicode NFC and trimmed: every span indexes into the stored text, where each mention (also made NFC) is looked for. The same article already stored (equal after NFC, line endings made `\\n`, runs of spaces and tabs made one, trimming) is a 409 naming it.',
    ),
  })
  .strict();

const bundleActorSchema = z
  .object({
    key: keySchema,
    id: idSchema.optional().describe('Wanted id; the key when omitted, a slug of the name when taken.'),
    name: nameField,
    kind: z.enum(ACTOR_KINDS),
    ...names,
    affiliations: z
      .array(
        z
          .object({
            organization: referenceSchema,
            role: z.string().min(1).max(BUNDLE_LIMITS.nameChars),
            from: timeSpecSchema.nullable().default(null),
            to: timeSpecSchema.nullable().default(null),
          })
          .strict(),
      )
      .max(100)
      .default([]),
  })
  .strict();

const bundleLocationSchema = z
  .object({
    key: keySchema,
    id: idSchema.optional().describe('Wanted id; the key when omitted, a slug of the name when taken.'),
    name: nameField,
    kind: z.enum(LOCATION_KINDS),
    ...names,
    parent: referenceSchema.nullable().default(null),
    coordinates: z
      .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
      .strict()
      .nullable()
      .default(null),
    areaKm2: z.number().positive().nullable().default(null),
  })
  .strict();

const bundleEventSchema = z
  .object({
    key: keySchema,
    title: nameField,
    kind: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[a-z][a-z0-9_]*$/, 'must be lowercase snake_case, e.g. "withdrawal"'),
    description: z.string().max(BUNDLE_LIMITS.descriptionChars).nullable().default(null),
    time: timeSpecSchema,
    status: z.enum(EVENT_STATUSES),
    location: referenceSchema.nullable().optional(),
    locations: eventLocationsInput(
      referenceSchema,
      'A location key of this bundle or a stored location id.',
    ).optional(),
    participants: z
      .array(z.object({ actor: referenceSchema, role: z.enum(PARTICIPANT_ROLES) }).strict())
      .max(500)
      .default([]),
    quantities: z
      .array(
        z
          .object({
            value: z.number(),
            unit: z.string().min(1).max(100),
            text: z.string().min(1).max(BUNDLE_LIMITS.nameChars).describe('The exact words of the source.'),
          })
          .strict(),
      )
      .max(100)
      .default([]),
    relations: z
      .array(z.object({ type: z.enum(RELATION_TYPES), event: referenceSchema }).strict())
      .max(500)
      .default([]),
    evidence: z
      .array(mentionSchema)
      .min(1, 'an event needs at least one evidence mention')
      .max(BUNDLE_LIMITS.evidencePerItem),
  })
  .strict()
  .superRefine(notBothPlaces);

const bundleClaimSchema = z
  .object({
    key: keySchema,
    speaker: referenceSchema,
    text: z.string().min(1).max(BUNDLE_LIMITS.claimTextChars),
    mode: z.enum(CLAIM_MODES),
    stance: z.enum(CLAIM_STANCES),
    saidAt: timeSpecSchema,
    channel: z.string().min(1).max(BUNDLE_LIMITS.nameChars).nullable().default(null),
    reportedBy: referenceSchema.nullable().default(null),
    about: z
      .object({
        events: z.array(referenceSchema).max(500).default([]),
        actors: z.array(referenceSchema).max(500).default([]),
      })
      .strict()
      .default({ events: [], actors: [] }),
    respondsTo: referenceSchema.nullable().default(null).describe('A claim key of this bundle or a stored claim id.'),
    links: z
      .array(
        z
          .object({
            type: z.enum(CLAIM_LINK_TYPES, {
              error: `must be one of ${CLAIM_LINK_TYPES.join(', ')} (a response is given as respondsTo)`,
            }),
            claim: referenceSchema.describe('A claim key of this bundle or a stored claim id.'),
          })
          .strict(),
      )
      .max(500)
      .optional()
      .describe(
        'Typed links from this claim to others: it supports, contradicts, denies or repeats them. None when omitted.',
      ),
    evidence: mentionSchema,
  })
  .strict();

/** A source repeating a stored claim: it gains an appearance (this source, these words) instead of a duplicate. */
const bundleAppearanceSchema = z
  .object({
    key: keySchema
      .optional()
      .describe(
        'Optional local name: other claims of this bundle may answer or link to the stored claim by it (`respondsTo`, `links`).',
      ),
    appears: idSchema.describe('The id of the stored claim this source repeats.'),
    evidence: mentionSchema.describe("The exact words of this source's text that report the claim."),
    // Optional rather than defaulted, so that the request and the draft (a response) share one component.
    reportedBy: referenceSchema
      .nullable()
      .optional()
      .describe(
        'The outlet this source credits with the words, when not itself: an actor key of this bundle or a stored actor id. None when omitted.',
      ),
  })
  .strict()
  .meta({
    id: 'BundleAppearance',
    description:
      'A claim already stored, carried by this source too: it gets an appearance (sourceCount + 1) and no new claim is made.',
  });

/** A bundle's fields, shared with the draft an extraction answers (schemas/extractions.ts), which is its own component. */
export const bundleShape = {
  source: bundleSourceSchema.describe('The document; its text is what every evidence mention is found in.'),
  actors: z.array(bundleActorSchema).max(BUNDLE_LIMITS.items).default([]).describe('New actors this source mentions.'),
  locations: z
    .array(bundleLocationSchema)
    .max(BUNDLE_LIMITS.items)
    .default([])
    .describe('New places this source mentions.'),
  events: z.array(bundleEventSchema).max(BUNDLE_LIMITS.items).default([]).describe('Events this source reports.'),
  claims: z
    .array(z.union([bundleClaimSchema, bundleAppearanceSchema]))
    .max(BUNDLE_LIMITS.items)
    .default([])
    .describe(
      'Claims this source reports: new claims, and `{ "appears": "stored-claim-id", "evidence": "...", "reportedBy": null }` for a stored claim it repeats.',
    ),
};

export const bundleSchema = z.object(bundleShape).strict().meta({
  id: 'Bundle',
  description: 'One source and everything annotated in it; all or nothing.',
  example: BUNDLE_EXAMPLE,
});

export type Bundle = z.infer<typeof bundleSchema>;

/**
 * A bundle whose claims are all new ones, as the extractor drafts it (linking to stored claims may
 * then turn some into appearances) and as the seed is written. Not a document component.
 */
export const newClaimsBundleSchema = z
  .object({ ...bundleShape, claims: z.array(bundleClaimSchema).max(BUNDLE_LIMITS.items).default([]) })
  .strict();
export type NewClaimsBundle = z.infer<typeof newClaimsBundleSchema>;
export type BundleActor = Bundle['actors'][number];
export type BundleLocation = Bundle['locations'][number];
export type BundleEvent = Bundle['events'][number];
/** A claim entry of a bundle: a new claim or an appearance of a stored one. */
export type BundleClaimEntry = Bundle['claims'][number];
export type BundleAppearance = z.infer<typeof bundleAppearanceSchema>;
export type BundleClaim = Exclude<BundleClaimEntry, BundleAppearance>;
export const isAppearance = (entry: BundleClaimEntry): entry is BundleAppearance => 'appears' in entry;
