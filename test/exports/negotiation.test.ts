// Accept-header negotiation (RFC 9110 §12.5.1) over a route's formats.
import { describe, expect, it } from 'vitest';
import { negotiate, parseAccept } from '../../src/exports/negotiation.ts';

const CLAIMS = ['json', 'jsonld', 'csv'] as const;

describe('negotiate', () => {
  it("answers the route's first format (JSON) when there is no Accept header, an empty one or an unreadable one", () => {
    expect(negotiate(undefined, CLAIMS)).toBe('json');
    expect(negotiate('', CLAIMS)).toBe('json');
    expect(negotiate('nonsense', CLAIMS)).toBe('json');
  });

  it('picks the exact media type asked for, case-insensitively and whatever its parameters', () => {
    expect(negotiate('text/csv', CLAIMS)).toBe('csv');
    expect(negotiate('Application/LD+JSON; profile="http://www.w3.org/ns/json-ld#compacted"', CLAIMS)).toBe('jsonld');
    expect(negotiate('text/csv;charset=utf-8;header=present', CLAIMS)).toBe('csv');
  });

  it("weighs q, then specificity, then the order of the header, then the route's order", () => {
    expect(negotiate('text/csv;q=0.4, application/ld+json;q=0.8', CLAIMS)).toBe('jsonld');
    expect(negotiate('*/*, text/csv', CLAIMS)).toBe('csv');
    expect(negotiate('text/csv, application/ld+json', CLAIMS)).toBe('csv');
    expect(negotiate('application/ld+json, text/csv', CLAIMS)).toBe('jsonld');
    expect(negotiate('application/*', CLAIMS)).toBe('json');
    expect(negotiate('*/*', CLAIMS)).toBe('json');
  });

  it('takes q=0 as "not this one", also when a wildcard would allow it', () => {
    expect(negotiate('application/json;q=0, */*;q=0.5', CLAIMS)).toBe('jsonld');
    expect(negotiate('text/csv;q=0', CLAIMS)).toBeUndefined();
  });

  it('is undefined when nothing offered is acceptable', () => {
    expect(negotiate('application/geo+json', CLAIMS)).toBeUndefined();
    expect(negotiate('text/html, application/xml', ['json', 'jsonld'])).toBeUndefined();
  });
});

describe('parseAccept', () => {
  it('reads ranges with their q and position, clamping q to 0..1 and skipping malformed members', () => {
    expect(parseAccept('text/csv;q=0.5, bad, */*;q=7')).toEqual([
      { type: 'text', subtype: 'csv', q: 0.5, index: 0 },
      { type: '*', subtype: '*', q: 1, index: 2 },
    ]);
  });
});
