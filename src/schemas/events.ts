// Event shapes: what happened (or was planned), when, where, who took part, and how events link.
import { z } from 'zod';
import {
  dateSchema,
  idSchema,
  pageOf,
  paginationQuery,
  refSchema,
  spanSchema,
  timeSpecSchema,
  titledRefSchema,
} from './common.ts';

export const EVENT_STATUSES = ['occurred', 'ongoing', 'planned', 'cancelled'] as const;
export const PARTICIPANT_ROLES = ['agent', 'target', 'mediator', 'affected', 'participant'] as const;
/** How an event involves a place: where it happened, where it came from or went to, or passed through. */
export const EVENT_LOCATION_ROLES = ['at', 'from', 'to', 'through'] as const;
export const RELATION_TYPES = [
  'causes',
  'caused_by',
  'part_of',
  'has_part',
  'precedes',
  'follows',
  'ends',
  'ended_by',
] as const;

export const eventSchema = z
  .object({
    id: idSchema.meta({ example: 'russian-peacekeepers-withdraw-from-nagorno-karabakh' }),
    title: z.string().describe('Short title.'),
    kind: z.string().describe('What sort of event, snake_case (withdrawal, blockade, offensive, ...).'),
    description: z.string().nullable().describe('What the sources say happened.'),
    time: timeSpecSchema.describe('When it happened, as precisely as the sources allow.'),
    status: z.enum(EVENT_STATUSES).describe('occurred, ongoing, planned or cancelled (a plan that did not happen).'),
    location: refSchema
      .nullable()
      .describe(
        'Where it happened: the first `at` place of `locations` (else its first place), kept for readers of a single place; null when it names none.',
      ),
    locations: z
      .array(
        refSchema
          .extend({
            role: z
              .enum(EVENT_LOCATION_ROLES)
              .describe(
                'at: where it happened; from / to: where it started and ended (a withdrawal, a march); through: on the way.',
              ),
          })
          .meta({ id: 'EventLocation', description: 'A place the event names, with its role.' }),
      )
      .describe('Every place the event names, in the order given; the `location` filters match any of them.')
      .meta({
        example: [
          { id: 'nagorno-karabakh', name: 'Nagorno-Karabakh', role: 'from' },
          { id: 'russia', name: 'Russia', role: 'to' },
        ],
      }),
    participants: z
      .array(z.object({ actor: refSchema, role: z.enum(PARTICIPANT_ROLES).describe('How the actor took part.') }))
      .describe('Who took part, and how.'),
    quantities: z
      .array(
        z.object({
          value: z.number().describe('The number.'),
          unit: z.string().describe('What is counted or measured.'),
          text: z.string().describe('The words of the source.'),
        }),
      )
      .describe('Numbers the sources give: soldiers, people, duration.'),
    relations: z
      .array(
        z.object({
          type: z.enum(RELATION_TYPES).describe('How this event relates to the other.'),
          event: titledRefSchema,
        }),
      )
      .describe('Typed links to other events, in both directions whichever was stored.'),
    evidence: z.array(spanSchema).describe('The words of the sources that report the event.'),
  })
  .meta({ id: 'Event', description: 'Something that happened, is happening, was planned or was called off.' });
export type Event = z.infer<typeof eventSchema>;

export const eventPageSchema = pageOf(eventSchema, 'EventPage');

export const TIME_MATCHES = ['overlaps', 'within'] as const;

export const timeRangeQuery = {
  from: dateSchema.optional().describe('Start of the time range (inclusive); omit for no lower bound.'),
  to: dateSchema.optional().describe('End of the time range (inclusive); omit for no upper bound.'),
  timeMatch: z
    .enum(TIME_MATCHES)
    .default('overlaps')
    .describe(
      'How an uncertain time must meet `from`/`to`: `overlaps` (default) keeps items whose interval may fall in the range (touches it); `within` keeps only items whose whole interval lies inside it, so "late 2022" is not within September 2022. An item of unknown time matches neither.',
    ),
};

export const eventFilterQuery = {
  q: z.string().min(1).max(200).optional().describe('Case-insensitive substring of the title or description.'),
  kind: z.string().min(1).max(100).optional().describe('Only events of this kind, e.g. withdrawal.'),
  status: z.enum(EVENT_STATUSES).optional().describe('Only events with this status.'),
  actor: idSchema.optional().describe('Only events this actor took part in.'),
  location: idSchema
    .optional()
    .describe('Only events that name this location, or any place inside it, in any role (at, from, to or through).')
    .meta({ example: 'azerbaijan' }),
  ...timeRangeQuery,
  sort: z
    .enum(['time', '-time'])
    .default('time')
    .describe('By time, earliest first (`time`) or latest first (`-time`); unknown times last.'),
  ...paginationQuery,
};

export const eventListQuery = z.object(eventFilterQuery).strict();
export type EventListQuery = z.infer<typeof eventListQuery>;
