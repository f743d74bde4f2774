// Search shapes: the query of GET /v1/search, its hits and its page (with how the ranking was capped).
import { z } from 'zod';
import { parseSearchQuery } from '../text/search-query.ts';
import { idSchema, pageInfoSchema, paginationQuery, refSchema, titledRefSchema } from './common.ts';

/** Searchable types, in the order hits are ranked (see the route description for why). */
export const SEARCH_TYPES = ['claim', 'event', 'actor', 'location', 'source'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/** How the hits of one type were ordered; see searchTypeRankingSchema. */
export const RANKED_BY = ['bm25', 'bm25-partial', 'newest'] as const;
export type RankedBy = (typeof RANKED_BY)[number];

const TYPE_LIST = new RegExp(`^(${SEARCH_TYPES.join('|')})(,(${SEARCH_TYPES.join('|')}))*$`);

export const searchQuery = z
  .object({
    q: z
      .string()
      .min(1, { message: 'must not be empty: give a word, a "phrase" or a prefix*', abort: true })
      .max(200)
      .superRefine((q, ctx) => {
        const parsed = parseSearchQuery(q);
        if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
      })
      .describe(
        'What to search for. Words must all match (case, accents and word endings fold: "withdraw" finds "withdrawal"); ' +
          '"a phrase" matches the words next to each other; withdr* matches a prefix; OR, AND, NOT (upper case) and parentheses combine terms.',
      )
      .meta({ example: 'withdrawal' }),
    type: z
      .string()
      .max(100)
      .regex(TYPE_LIST, `must be one or more of ${SEARCH_TYPES.join(', ')}, separated by commas`)
      .optional()
      .describe(`Only hits of these types, comma-separated (${SEARCH_TYPES.join(', ')}); all types when omitted.`)
      .meta({ example: 'claim,event' }),
    ...paginationQuery,
  })
  .strict();
export type SearchQuery = z.infer<typeof searchQuery>;

export const claimRefSchema = z
  .object({
    id: idSchema,
    text: z.string().describe('What was said (quote or paraphrase).'),
    speaker: refSchema.describe('Who said it.'),
  })
  .meta({ id: 'ClaimRef', description: 'A short embedded reference to a claim: its words and its speaker.' });

const hitFields = {
  id: idSchema.describe('Id of the matching resource (the same as `item.id`).'),
  title: z
    .string()
    .describe(
      "Display label: an event's or source's title, an actor's or location's name, \"<speaker> <stance>\" for a claim.",
    ),
  snippet: z
    .string()
    .describe(
      'The matching passage, an HTML fragment: matched words are wrapped in <mark>…</mark>, the text is HTML-escaped (&amp; &lt; &gt;), and "…" marks text left out. ' +
        'Taken from the most descriptive field that matched: claim text; event description, else title; actor or location description, else aliases, else name; source text, else title.',
    ),
  score: z
    .number()
    .nullable()
    .describe(
      "Relevance within the hit's type, 0..1: its bm25 score relative to the best match of the same type (1 = best). Scores of different types are not comparable; hits are ordered by type first. " +
        "Null when that type's hits come newest first because every term of the query is common there (see `page.ranking`).",
    ),
};

export const searchHitSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('claim').describe('A claim matched on its text.'), ...hitFields, item: claimRefSchema }),
    z.object({
      type: z.literal('event').describe('An event matched on its title or description.'),
      ...hitFields,
      item: titledRefSchema,
    }),
    z.object({
      type: z.literal('actor').describe('An actor matched on its name, aliases or description.'),
      ...hitFields,
      item: refSchema,
    }),
    z.object({
      type: z.literal('location').describe('A location matched on its name, aliases or description.'),
      ...hitFields,
      item: refSchema,
    }),
    z.object({
      type: z.literal('source').describe('A source matched on its title or text.'),
      ...hitFields,
      item: titledRefSchema,
    }),
  ])
  .meta({
    id: 'SearchHit',
    description:
      'One match: which resource, a label, the matching passage marked up, and a short reference to the resource.',
    example: {
      type: 'claim',
      id: 'hikmet-hajiyev-confirms-2',
      title: 'Hikmet Hajiyev confirms',
      snippet: 'Confirmed that a <mark>withdrawal</mark> agreement had been struck.',
      score: 1,
      item: {
        id: 'hikmet-hajiyev-confirms-2',
        text: 'Confirmed that a withdrawal agreement had been struck.',
        speaker: { id: 'hikmet-hajiyev', name: 'Hikmet Hajiyev' },
      },
    },
  });
export type SearchHit = z.infer<typeof searchHitSchema>;

export const searchTypeRankingSchema = z
  .object({
    type: z.enum(SEARCH_TYPES).describe('The type ranked.'),
    candidates: z
      .number()
      .int()
      .describe(
        'How many of its matches were read for this page: ranked, or with `newest`, read in order past the cursor.',
      ),
    capped: z
      .boolean()
      .describe(
        'True when it had more matches than `cap`: only the `cap` most recently added were ranked, and older ones are not returned.',
      ),
    rankedBy: z
      .enum(RANKED_BY)
      .describe(
        '`bm25`: by bm25 over every term. `bm25-partial`: some terms are common in this type (more than `commonAbove` matches); they select hits but only the rarer terms are weighed. ' +
          '`newest`: every term is common; hits come most recently added first, all of them (there is nothing to rank, so nothing is capped), and `score` is null.',
      ),
  })
  .meta({ id: 'SearchTypeRanking', description: 'How the hits of one type were ranked for this page.' });

export const searchRankingSchema = z
  .object({
    cap: z.number().int().describe('At most this many matches of each type are ranked: the most recently added ones.'),
    commonAbove: z
      .number()
      .int()
      .describe('A term with more matches than this in a type is common there: it selects hits but is not weighed.'),
    candidates: z
      .number()
      .int()
      .describe('How many matches were ranked to answer this page, over the types it needed.'),
    capped: z.boolean().describe('True when some type had more matches than `cap` (see `types`).'),
    types: z
      .array(searchTypeRankingSchema)
      .describe(
        'The types this page needed, in rank order: a page that claims fill does not rank the types after them.',
      ),
  })
  .meta({
    id: 'SearchRanking',
    description: 'How the ranking behind this page was built: bm25 over at most `cap` recent matches per type.',
  });

export const searchPageSchema = z
  .object({
    data: z.array(searchHitSchema).describe('The hits of this page, best first.'),
    page: pageInfoSchema.extend({ ranking: searchRankingSchema }).meta({
      id: 'SearchPageInfo',
      description: 'Keyset pagination over the ranked hits, and how the ranking was capped.',
    }),
  })
  .meta({ id: 'SearchPage', description: 'A page of SearchHit.' });
export type SearchPage = z.infer<typeof searchPageSchema>;
