// GeoJSON precision: which point stands for the place, said as ACLED's geo_precision does.
import { describe, expect, it } from 'vitest';
import { geoPrecision, type PlacedPoint } from '../../src/exports/geojson.ts';

const at = (locationId: string, kind: PlacedPoint['kind']): PlacedPoint => ({ lat: 1, lon: 2, locationId, kind });

describe('geoPrecision', () => {
  it("is exact only for a site's own point", () => {
    expect(geoPrecision('monastery', at('monastery', 'site'))).toBe('exact');
    expect(geoPrecision('chapel', at('monastery', 'site'))).toBe('site');
  });
  it('is the kind of the place whose point is drawn, own or an ancestor’s', () => {
    expect(geoPrecision('stepanakert', at('stepanakert', 'city'))).toBe('city');
    expect(geoPrecision('monastery', at('kalbajar', 'district'))).toBe('district');
    expect(geoPrecision('karabakh', at('karabakh', 'region'))).toBe('region');
    expect(geoPrecision('village', at('azerbaijan', 'country'))).toBe('country');
    expect(geoPrecision('lachin-road', at('lachin-road', 'route'))).toBe('district');
  });
  it('is null without a point', () => {
    expect(geoPrecision('somewhere', undefined)).toBeNull();
  });
});
