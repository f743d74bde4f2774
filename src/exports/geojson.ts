// GeoJSON exports (RFC 7946) of locations and of located events: one Feature per item of the page,
// a Point at [lon, lat] where the place has coordinates, `geometry: null` where it has none.
import type { Event } from '../schemas/events.ts';
import type { Location } from '../schemas/locations.ts';

type Point = { type: 'Point'; coordinates: [number, number] };
type Feature = { type: 'Feature'; id: string; geometry: Point | null; properties: Record<string, unknown> };
export type FeatureCollection = { type: 'FeatureCollection'; features: Feature[] };

/** A place's representative point and which location it belongs to (the place itself or an ancestor), of what kind. */
export type PlacedPoint = { lat: number; lon: number; locationId: string; kind: Location['kind'] };

/**
 * How precisely a feature's point places it, like ACLED's geo_precision: `exact` when the point is
 * the site's own; otherwise the kind of place whose point stands in (the place itself, or the
 * nearest ancestor with coordinates): `site`, `city`, `district`, `region` or `country` (a country's
 * centroid says only "somewhere in this country"). A route's point is a representative one along it,
 * as vague as a district's. Null where there is no point.
 */
export const GEO_PRECISIONS = ['exact', 'site', 'city', 'district', 'region', 'country'] as const;
export type GeoPrecision = (typeof GEO_PRECISIONS)[number];

export function geoPrecision(placeId: string, placed: PlacedPoint | undefined): GeoPrecision | null {
  if (!placed) return null;
  if (placed.kind === 'site') return placed.locationId === placeId ? 'exact' : 'site';
  return placed.kind === 'route' ? 'district' : placed.kind;
}

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
        precision: geoPrecision(
          location.id,
          location.coordinates ? { ...location.coordinates, locationId: location.id, kind: location.kind } : undefined,
        ),
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
 * district) is drawn at its nearest ancestor that has some, `pointOf` names that ancestor and
 * `precision` says how precise that is (a country's centroid is `country`, never passed off as the
 * place), so a map shows the event where it can; with none at all, geometry and precision are null.
 * The place is the event's `location` (its first `at` place, else its first).
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
          precision: event.location ? geoPrecision(event.location.id, placed) : null,
          participants: event.participants.map((p) => ({ id: p.actor.id, name: p.actor.name, role: p.role })),
        },
      };
    }),
  };
}
