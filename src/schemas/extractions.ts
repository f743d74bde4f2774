// Extraction shapes: an article submitted for extraction, the draft bundle made of it, the notes
// saying why each suggestion is there, and the review status.
import { z } from 'zod';
import { BUNDLE_LIMITS, bundleSchema, bundleShape } from './bundle.ts';
import { EXAMPLE_EXTRACTION_ID } from '../openapi-examples.ts';
import { dateOrDateTimeSchema, idSchema, pageInfoSchema, paginationQuery } from './common.ts';
import { nameText, sourceText, trimmedText } from './text-fields.ts';

export const EXTRACTION_STATUSES = ['pending', 'accepted', 'rejected'] as const;

const TEXT_LIMIT = BUNDLE_LIMITS.sourceTextChars;

/** An article for the Swagger UI example: Peskov is stored in the seed, so the draft links to him. */
export const EXAMPLE_ARTICLE = {
  text:
    'Russia has completed the withdrawal of its peacekeepers from Nagorno-Karabakh, the Kremlin said on Thursday.\n\n' +
    '“The last units have come home, and the mission is over,” said Dmitry Peskov, the Kremlin spokesman. He gave no figures.',
  publishedAt: '2024-06-13',
  title: 'Kremlin says the peacekeepers are home',
  publisher: 'Example Wire',
  url: null,
  language: 'en',
};

/**
 * The draft the extractor makes of EXAMPLE_ARTICLE on the seed (Peskov linked to the stored actor), as
 * the example PATCH body: sent back as it is, or corrected, it passes the checks an import makes.
 */
export const EXAMPLE_DRAFT = {
  source: EXAMPLE_ARTICLE,
  actors: [],
  locations: [],
  events: [],
  claims: [
    {
      key: 'dmitry-peskov-states',
      speaker: 'dmitry-peskov',
      text: 'The last units have come home, and the mission is over',
      mode: 'direct_quote',
      stance: 'states',
      saidAt: { text: null, start: null, end: null, precision: 'unknown', approximate: false },
      channel: null,
      reportedBy: null,
      about: { events: [], actors: [] },
      respondsTo: null,
      evidence: '“The last units have come home, and the mission is over,” said Dmitry Peskov',
    },
  ],
};

/** The source id accepting the example draft gives (made from its title). */
const EXAMPLE_ACCEPTED_SOURCE = 'kremlin-says-the-peacekeepers-are-home';

export const extractionCreateSchema = z
  .object({
    text: sourceText(
      TEXT_LIMIT,
      `is longer than the limit of ${TEXT_LIMIT.toLocaleString('en')} characters; split the article or shorten it`,
    ).describe(
      `The article body, without page chrome; at most ${TEXT_LIMIT.toLocaleString('en')} characters. Kept in Unicode NFC and trimmed, as a source stores it: the offsets of \`notes\` index into that form (\`input.text\`).`,
    ),
    publishedAt: dateOrDateTimeSchema.describe(
      'Publication date (YYYY-MM-DD, or a UTC datetime): relative times such as "on Wednesday" resolve against it.',
    ),
    title: nameText(BUNDLE_LIMITS.nameChars)
      .nullable()
      .default(null)
      .describe('Headline; the draft makes one from the text when null.'),
    publisher: trimmedText(BUNDLE_LIMITS.nameChars).nullable().default(null).describe('Who published it, when known.'),
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
      .max(2000)
      .nullable()
      .default(null)
      .describe('Where it was published, when known.'),
    language: z
      .string()
      .max(35)
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as "en"')
      .default('en')
      .describe('BCP 47 language tag of the text.'),
  })
  .strict()
  .meta({ id: 'ExtractionCreate', description: 'An article to draft a bundle from.', example: EXAMPLE_ARTICLE });
export type ExtractionCreate = z.output<typeof extractionCreateSchema>;

const offsetsSchema = z
  .object({
    start: z.number().int().min(0).describe('JavaScript string index into `input.text`.'),
    end: z.number().int().min(0).describe('One past the last character.'),
    text: z.string().describe('Exactly input.text.slice(start, end).'),
  })
  .meta({ id: 'Offsets', description: 'Where something stands in the submitted text.' });

const entityNoteSchema = z
  .object({
    linkedTo: idSchema
      .nullable()
      .describe('The stored entity the draft refers to instead of a new one (an exact name or alias match), or null.'),
    candidates: z
      .array(
        z.object({
          id: idSchema,
          name: z.string().describe('Its stored name.'),
          score: z
            .number()
            .min(0)
            .max(1)
            .describe(
              'How likely it is the same entity: 0.9 a name without its title, 0.8 a surname, up to 0.7 shared words.',
            ),
        }),
      )
      .describe(
        'Stored entities it may be, best first: a partial match is never linked by itself; use the id in the draft to link it.',
      ),
    mentions: z.array(offsetsSchema).describe('Where the text mentions it.'),
  })
  .meta({ id: 'EntityNote', description: 'Why a draft actor or location is there, and what it was linked to.' });

export const extractionNotesSchema = z
  .object({
    claims: z
      .record(
        z.string(),
        z
          .object({
            confidence: z.number().min(0).max(1).describe('How sure the extractor is, 0..1.'),
            pattern: z.string().describe('The rule or model that found it.'),
            cue: offsetsSchema.describe('The words that introduce the statement ("said", "according to").'),
            speakerMention: offsetsSchema
              .nullable()
              .describe('Where the speaker is named, or null when it was not resolved.'),
            evidence: offsetsSchema.describe('The whole attribution as it stands in the text.'),
            appearsIn: z
              .object({
                id: idSchema.meta({ example: 'dmitry-peskov-confirms' }),
                text: z.string().describe('The text of the stored claim.'),
                score: z
                  .number()
                  .min(0)
                  .max(1)
                  .describe(
                    "Overlap of the two statements' content words (the speaker's name and titles left out) over the shorter one; 0.6 or more with at least 3 shared words counts as a repeat.",
                  ),
              })
              .optional()
              .describe(
                'Present when the claim is drafted as `{ "appears": id }`: its speaker is a stored actor stored saying the same thing, so accepting the draft adds this source to that claim (sourceCount + 1) instead of making a duplicate. Replace the entry with a full claim to store it as a new one.',
              ),
          })
          .meta({ id: 'ClaimNote' }),
      )
      .describe('By claim key of the draft.'),
    actors: z
      .record(z.string(), entityNoteSchema)
      .describe('By actor key as the extractor made it (a linked actor has left the draft; its key stays here).'),
    locations: z.record(z.string(), entityNoteSchema).describe('By location key, as for actors.'),
  })
  .meta({ id: 'ExtractionNotes', description: 'Why each suggestion is there, with offsets into `input.text`.' });

const extractionFields = {
  id: idSchema.meta({ example: EXAMPLE_EXTRACTION_ID }),
  status: z.enum(EXTRACTION_STATUSES).describe('`pending` until a person accepts (imported) or rejects it.'),
  createdAt: z.string().describe('When it was submitted (UTC, ISO 8601).'),
  updatedAt: z.string().describe('When its draft or status last changed.'),
  by: z.string().describe('Name of the API key that submitted it.'),
  sourceId: idSchema
    .meta({ example: EXAMPLE_ACCEPTED_SOURCE })
    .nullable()
    .describe('The source the accepted draft was imported as; null until accepted.'),
  extractor: z.string().describe('Which extractor made the draft.'),
};

export const extractionSchema = z
  .object({
    ...extractionFields,
    input: z
      .object({
        text: z
          .string()
          .describe(
            'The article as submitted, in Unicode NFC and trimmed as a source stores it; every offset in `notes` indexes into it.',
          ),
        publishedAt: z.string().describe('Publication date as submitted.'),
        title: z.string().nullable().describe('Headline as submitted.'),
        publisher: z.string().nullable().describe('Publisher as submitted.'),
        url: z.string().nullable().describe('URL as submitted.'),
        language: z.string().describe('Language tag as submitted.'),
      })
      .describe('What was submitted.'),
    // Its own component, of the same fields: answered in the bundle's output form (defaults filled in),
    // it would otherwise take the name `Bundle` and leave the import body to be called `BundleInput`.
    draft: z.object(bundleShape).strict().meta({
      id: 'DraftBundle',
      description:
        'The bundle to import, exactly as POST /v1/sources takes it: references name a key of the draft or, where an entity is already stored, its id (the linked entities have left the draft).',
      example: EXAMPLE_DRAFT,
    }),
    notes: extractionNotesSchema,
  })
  .meta({ id: 'Extraction', description: 'An article, the bundle drafted from it and why, under review.' });
export type Extraction = z.output<typeof extractionSchema>;

export const extractionSummarySchema = z
  .object({
    ...extractionFields,
    title: z.string().describe("The draft's title."),
    publishedAt: z.string().describe('Publication date as submitted.'),
    counts: z
      .object({
        actors: z.number().int().describe('New actors in the draft.'),
        locations: z.number().int().describe('New locations in the draft.'),
        events: z.number().int().describe('Events in the draft.'),
        claims: z.number().int().describe('Claims in the draft.'),
        linked: z.number().int().describe('Draft actors and locations linked to stored ones.'),
      })
      .describe('What the draft holds.'),
  })
  .meta({ id: 'ExtractionSummary', description: 'An extraction without its text, draft and notes (lists).' });
export type ExtractionSummary = z.output<typeof extractionSummarySchema>;

export const extractionPageSchema = z
  .object({ data: z.array(extractionSummarySchema).describe('Newest first.'), page: pageInfoSchema })
  .meta({ id: 'ExtractionPage', description: 'A page of ExtractionSummary.' });

export const extractionListQuery = z
  .object({
    status: z
      .enum(EXTRACTION_STATUSES)
      .optional()
      .describe('Only extractions in this state; `pending` is the review queue.'),
    limit: paginationQuery.limit,
    cursor: paginationQuery.cursor,
  })
  .strict();
export type ExtractionListQuery = z.output<typeof extractionListQuery>;

export const extractionPatchSchema = z
  .object({ draft: bundleSchema.describe('The corrected draft, whole: it replaces the stored one.') })
  .strict()
  .meta({
    id: 'ExtractionPatch',
    description: 'A corrected draft; checked as a bundle against its text and the stored graph, nothing imported.',
    example: { draft: EXAMPLE_DRAFT },
  });
export type ExtractionPatch = z.output<typeof extractionPatchSchema>;
