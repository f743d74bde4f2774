// What a frontend developer writes with the typed client: a speaker's claims page by page, who said a
// claim and when, and a problem+json answer turned into a message. test/client/client.test.ts compiles
// it against the live OpenAPI document (a route change that breaks it fails the tests) and runs it.
import { type Claim, type EventKgClient, type Problem, type QueryOf, createEventKgClient } from './index.ts';

/** The claims a speaker made, earliest first, following `page.nextCursor` to the last page. */
export async function claimsBySpeaker(client: EventKgClient, speaker: string, pageSize = 20): Promise<Claim[]> {
  const claims: Claim[] = [];
  let cursor: string | undefined;
  do {
    const query: QueryOf<'/v1/claims'> = { speaker, limit: pageSize, cursor };
    const { data, error } = await client.GET('/v1/claims', { params: { query } });
    if (error) throw new Error(describeProblem(error));
    claims.push(...data.data);
    cursor = data.page.nextCursor ?? undefined;
  } while (cursor);
  return claims;
}

/** "Dmitry Peskov, on Wednesday (2024-04-17): Confirmed reports of …" */
export function byline(claim: Claim): string {
  const { text, start, end } = claim.saidAt;
  const dates = start === null ? 'date unknown' : start === end ? start : `${start}..${end ?? ''}`;
  return `${claim.speaker.name}, ${text ? `${text} (${dates})` : dates}: ${claim.text}`;
}

/** One claim, or the reason there is none (an unknown id is a 404 problem). */
export async function claimById(client: EventKgClient, id: string): Promise<{ claim: Claim } | { problem: Problem }> {
  const { data, error } = await client.GET('/v1/claims/{id}', { params: { path: { id } } });
  if (error) return { problem: error };
  return { claim: data };
}

/** A problem as a user-facing message, naming every offending field of a 400. */
export function describeProblem(problem: Problem): string {
  const fields = (problem.errors ?? []).map((field) => `${field.path}: ${field.message}`);
  return [`${problem.title} (${problem.status}): ${problem.detail}`, ...fields].join('\n');
}

/** The Kremlin spokesman's claims as lines a page can show. */
export async function peskovLines(baseUrl: string): Promise<string[]> {
  const client = createEventKgClient(baseUrl);
  const claims = await claimsBySpeaker(client, 'dmitry-peskov');
  return claims.map(byline);
}
