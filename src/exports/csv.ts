// CSV exports of claims and events (RFC 4180): a header row, CRLF after every record, nested values
// flattened into readable columns, and cells that a spreadsheet would run as a formula defused.
import type { Claim } from '../schemas/claims.ts';
import type { Event } from '../schemas/events.ts';
import type { TimeSpec } from '../schemas/common.ts';

type Cell = string | number | boolean | null;

/**
 * Text a spreadsheet may read as a formula: one that starts with a tab, CR or LF, or whose first
 * visible character is = + - @ or their full-width forms (＝＋－＠, which some spreadsheets fold to
 * ASCII), after any spaces or invisible characters (zero-width space and joiners, word joiner, BOM),
 * which some strip first.
 */
const FORMULA = /^(?:[\t\r\n]|[\s\u200B-\u200D\u2060\uFEFF]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

/**
 * A cell a spreadsheet would read as a formula (FORMULA) gets a leading single quote, as OWASP advises
 * against CSV injection. Only text is guarded: a number stays a number, so -5 is still -5.
 */
export function defuseFormula(text: string): string {
  return FORMULA.test(text) ? `'${text}` : text;
}

/**
 * One field. Text is always quoted (a quote doubled), so an empty string ("") and a missing value
 * (nothing between the commas) stay apart; numbers and booleans are written bare.
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  return `"${defuseFormula(value).replaceAll('"', '""')}"`;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

/** Several values in one cell, joined by `|`; a `|` or `\` inside a value is escaped with `\`. */
export function joinList(values: ReadonlyArray<string | number>): string {
  return values.map((value) => String(value).replace(/[\\|]/g, (c) => `\\${c}`)).join('|');
}

const timeColumns = <P extends string>(prefix: P) =>
  [`${prefix}_text`, `${prefix}_start`, `${prefix}_end`, `${prefix}_precision`, `${prefix}_approximate`] as const;
const timeCells = (time: TimeSpec): Cell[] => [time.text, time.start, time.end, time.precision, time.approximate];

export const CLAIM_COLUMNS = [
  'id',
  'url',
  'text',
  'mode',
  'stance',
  'speaker_id',
  'speaker_name',
  ...timeColumns('said'),
  'channel',
  'reported_by_id',
  'reported_by_name',
  'about_event_ids',
  'about_event_titles',
  'about_actor_ids',
  'about_actor_names',
  'responds_to_id',
  'responds_to_text',
  'source_id',
  'source_title',
  'evidence_start',
  'evidence_end',
  'evidence_text',
  'source_count',
  'independent_sources',
] as const;

export function claimsCsv(claims: readonly Claim[], urlOf: (id: string) => string): string {
  return toCsv(
    CLAIM_COLUMNS,
    claims.map((claim) => [
      claim.id,
      urlOf(claim.id),
      claim.text,
      claim.mode,
      claim.stance,
      claim.speaker.id,
      claim.speaker.name,
      ...timeCells(claim.saidAt),
      claim.channel,
      claim.reportedBy?.id ?? null,
      claim.reportedBy?.name ?? null,
      joinList(claim.about.events.map((event) => event.id)),
      joinList(claim.about.events.map((event) => event.title)),
      joinList(claim.about.actors.map((actor) => actor.id)),
      joinList(claim.about.actors.map((actor) => actor.name)),
      claim.respondsTo?.id ?? null,
      claim.respondsTo?.text ?? null,
      claim.source.id,
      claim.source.title,
      claim.evidence.start,
      claim.evidence.end,
      claim.evidence.text,
      claim.sourceCount,
      claim.independentSources,
    ]),
  );
}

export const EVENT_COLUMNS = [
  'id',
  'url',
  'title',
  'kind',
  'status',
  'description',
  ...timeColumns('time'),
  'location_id',
  'location_name',
  'participant_ids',
  'participant_names',
  'participant_roles',
  'quantity_values',
  'quantity_units',
  'quantity_texts',
  'relation_types',
  'relation_event_ids',
  'evidence_source_ids',
  'evidence_start',
  'evidence_end',
  'evidence_text',
] as const;

/** Lists (participants, quantities, relations, evidence) become parallel `|`-joined columns. */
export function eventsCsv(events: readonly Event[], urlOf: (id: string) => string): string {
  return toCsv(
    EVENT_COLUMNS,
    events.map((event) => [
      event.id,
      urlOf(event.id),
      event.title,
      event.kind,
      event.status,
      event.description,
      ...timeCells(event.time),
      event.location?.id ?? null,
      event.location?.name ?? null,
      joinList(event.participants.map((p) => p.actor.id)),
      joinList(event.participants.map((p) => p.actor.name)),
      joinList(event.participants.map((p) => p.role)),
      joinList(event.quantities.map((q) => q.value)),
      joinList(event.quantities.map((q) => q.unit)),
      joinList(event.quantities.map((q) => q.text)),
      joinList(event.relations.map((r) => r.type)),
      joinList(event.relations.map((r) => r.event.id)),
      joinList(event.evidence.map((span) => span.sourceId)),
      joinList(event.evidence.map((span) => span.start)),
      joinList(event.evidence.map((span) => span.end)),
      joinList(event.evidence.map((span) => span.text)),
    ]),
  );
}
