// Timeline shapes: events and claims merged in time order.
import { z } from 'zod';
import { idSchema, pageOf, paginationQuery, timeSpecSchema } from './common.ts';
import { claimSchema } from './claims.ts';
import { eventSchema, timeRangeQuery } from './events.ts';

export const timelineItemSchema = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('event'),
      time: timeSpecSchema.describe("The event's time."),
      event: eventSchema,
    }),
    z.object({
      type: z.literal('claim'),
      time: timeSpecSchema.describe('When the claim was said.'),
      claim: claimSchema,
    }),
  ])
  .meta({ id: 'TimelineItem', description: 'An event or a claim, with the time it is ordered by.' });
export type TimelineItem = z.infer<typeof timelineItemSchema>;

export const timelinePageSchema = pageOf(timelineItemSchema, 'TimelinePage');

export const timelineQuery = z
  .object({
    actor: idSchema
      .optional()
      .describe('Events the actor took part in and claims the actor made or is the subject of.')
      .meta({ example: 'russia' }),
    location: idSchema.optional().describe('Events at or inside the location, and claims about them.'),
    event: idSchema.optional().describe('The event, events linked to it, and claims about it.'),
    ...timeRangeQuery,
    sort: z
      .enum(['time', '-time'])
      .default('time')
      .describe('Earliest first (`time`) or latest first (`-time`); unknown times last.'),
    ...paginationQuery,
  })
  .strict();
export type TimelineQuery = z.infer<typeof timelineQuery>;
