// GeoJSON exports (RFC 7946) of locations and of located events: one Feature per item of the page,
// a Point at [lon, lat] where the place has coordinates, `geometry: null` where it has none.
import type { Event } from '../schemas/events.ts';
import type { Location } from '../schemas/locations.ts';

type Point = { type: 'Point'; coordinates: [number, number] };
type Feature = { type: 'Feature'; id: string; geometry: Point | null; properties: Record<string, unknown> };
export type FeatureCollection = { type: 'FeatureCollection'; features: Feature[] };

/** A place's representative point and which location it belongs to (the place itself or an ancestor). */
export type PlacedPoint = { lat: number; lon: number; locationId: string };

const point = (coordinates: { lat: number; lon: number }): Point => ({
  type: 'Point',
  coordinates: [coordinates.lon, coordinates.lat],
});

export function locationsGeoJson(locations: readonly Location[], urlOf: (id: string) => string): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: locations.map((location) => ({
      type: 'Feature',
      id: location.id,
      geometry: location.coordinates ? point(location.coordinates) : null,
      properties: {
        id: location.id,
        url: urlOf(location.id),
        name: location.name,
        kind: location.kind,
        aliases: location.aliases,
        parentId: location.parent?.id ?? null,
        parentName: location.parent?.name ?? null,
        areaKm2: location.areaKm2,
        description: location.description,
      },
    })),
  };
}

/**
 * Events at their location's point. A place without coordinates of its own (a monastery inside a
 * district) is drawn at its nearest ancestor that has some, and `pointOf` names that ancestor, so a
 * map shows the event where it can and says how precisely; with none at all, geometry is null.
 */
export function eventsGeoJson(
  events: readonly Event[],
  urlOf: (id: string) => string,
  pointOf: (locationId: string) => PlacedPoint | undefined,
): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: events.map((event) => {
      const placed = event.location ? pointOf(event.location.id) : undefined;
      return {
        type: 'Feature',
        id: event.id,
        geometry: placed ? point(placed) : null,
        properties: {
          id: event.id,
          url: urlOf(event.id),
          title: event.title,
          kind: event.kind,
          status: event.status,
          description: event.description,
          timeText: event.time.text,
          timeStart: event.time.start,
          timeEnd: event.time.end,
          timePrecision: event.time.precision,
          timeApproximate: event.time.approximate,
          locationId: event.location?.id ?? null,
          locationName: event.location?.name ?? null,
          pointOf: placed?.locationId ?? null,
          participants: event.participants.map((p) => ({ id: p.actor.id, name: p.actor.name, role: p.role })),
        },
      };
    }),
  };
}
