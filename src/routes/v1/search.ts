// GET /v1/search: full-text search over claims, events, actors, locations and sources.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SEARCH_LIMITS, search } from '../../db/queries/search.ts';
import { problemResponses } from '../../schemas/common.ts';
import { searchPageSchema, searchQuery } from '../../schemas/search.ts';

export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/search',
    {
      schema: {
        summary: 'Search everything',
        description: [
          'Full-text search (SQLite FTS5, porter stemming, case and accents folded) over claim text and the name and aliases of its speaker (`Peskov` finds the claims Peskov made, `Peskov sanctions` those he made about sanctions), event titles and descriptions, actor and location names, aliases and descriptions, and source titles and text. Every write is indexed at once.',
          '',
          '**Syntax.** `withdrawal peacekeepers`: every word must match. `"early withdrawal"`: a phrase. `withdr*`: a prefix. `OR`, `AND`, `NOT` (upper case; NOT binds tighter than AND, AND tighter than OR) and parentheses combine terms. Punctuation inside a word is a word break (`Nagorno-Karabakh` is the phrase "Nagorno Karabakh"). A query that cannot be read is a 400 naming `query.q` and saying how to write it.',
          '',
          '**Ranking.** Hits come by type — claims, then events, actors, locations, sources — and within a type by bm25, best first (on a tie, the most recently added first). ' +
            "Types are not interleaved because bm25 scores of different indexes are not comparable: each depends on its own index's statistics (a word found in half of the claims is worth almost nothing there and a lot among actors). " +
            'The order puts first what this API is about and what answers most directly: who said what (claims), then what happened (events), then the entities named (actors, locations), and last the whole documents (sources), which match whenever anything extracted from them does. ' +
            'Column weights: titles and names count double (events, sources) or triple (actors, locations, aliases double) against descriptions and text. ' +
            "`score` is the hit's bm25 relative to the best hit of its type (1 = best). Use `type` to search one kind only.",
          '',
          `**Capped ranking.** bm25 costs time in proportion to the matches, which a common word has by the hundred thousand. So for each type at most ${SEARCH_LIMITS.cap} matches — the most recently added — are ranked, ` +
            `and a term with more than ${SEARCH_LIMITS.commonAbove} matches in a type counts as common there: it selects hits but is not weighed (bm25 would have to count all its matches to weigh it, and gives a term in most rows a weight near zero anyway). ` +
            "Only the rarer terms are then weighed; when every term is common, that type's hits come newest first, all of them, and `score` is null. " +
            '`page.ranking` says, for each type the page needed, how many matches were ranked, whether there were more (`capped`: older matches are not returned; narrow the query with a phrase, more words or `type` to reach them) and how they were ranked (`rankedBy`). ' +
            'No total is given: counting every match of a common word costs what ranking them all would. ' +
            'A prefix of two to four letters (`th*`, `sanc*`) is read from a prefix index of the claims, as cheap as a word; a longer prefix, or one in other types, gathers every match of every word it begins first.',
          '',
          '**Snippets.** `snippet` is an HTML fragment: the text HTML-escaped, matched words in `<mark>…</mark>`, `…` where text is left out.',
          '',
          '**Pages.** The cursor holds the position of the last hit (its type, how that type was ranked, its score and row) and is bound to `q` and `type`. Pages are stable while the data is; a write between pages can re-rank (bm25 depends on the whole index).',
        ].join('\n'),
        tags: ['search'],
        querystring: searchQuery,
        response: { 200: searchPageSchema, ...problemResponses(400) },
      },
    },
    async (request) => search(app.db, request.query),
  );
};
