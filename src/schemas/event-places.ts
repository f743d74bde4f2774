// The places an event names, as writes and bundles give them: `locations: [{ id, role }]`, or the
// older single `location` (shorthand for one `at` place). Shared by the write and bundle schemas.
import { z } from 'zod';
import { EVENT_LOCATION_ROLES } from './events.ts';

/** Places one event may name: a route with a few stops, not a gazetteer. */
export const MAX_EVENT_LOCATIONS = 50;

export function eventLocationsInput(id: z.ZodType<string>, idHelp: string) {
  return z
    .array(
      z
        .object({
          id: id.describe(idHelp),
          role: z
            .enum(EVENT_LOCATION_ROLES)
            .describe('at: where it happened; from / to: where it started and ended; through: on the way.'),
        })
        .strict(),
    )
    .max(MAX_EVENT_LOCATIONS)
    .describe(
      'Every place the event names, with its role, in order; replaces the whole list. `location` is the shorthand for one `at` place: give one or the other.',
    );
}

/** `location` and `locations` both say where: given together they could disagree, so that is a 400. */
export function notBothPlaces(value: { location?: unknown; locations?: unknown }, ctx: z.RefinementCtx) {
  if (value.location !== undefined && value.locations !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['locations'],
      message:
        'give either `location` (one place, shorthand for [{ "id": location, "role": "at" }]) or `locations`, not both',
    });
}
