// Issue 10, finding 8: numeric query parameters took `0x10` as 16, `1e1` as 10 and `5.0` as 5.
// Only plain decimal digits are a number; anything else is a 400 naming the parameter.
import { describe, expect, it } from 'vitest';
import { getJson, useApp } from '../../helpers.ts';
import { expectInvalid } from './expect-problem.ts';

const app = useApp();

describe('whole-number query parameters', () => {
  const PARAMS = [
    ['/v1/claims', 'limit'],
    ['/v1/changes', 'limit'],
    ['/v1/graph?focus=actor:dmitry-peskov', 'depth'],
    ['/v1/graph?focus=actor:dmitry-peskov', 'limit'],
    ['/v1/graph/path?from=actor:dmitry-peskov&to=location:kalbajar-district', 'maxDepth'],
  ] as const;

  for (const [url, name] of PARAMS) {
    it.each(['0x10', '1e1', '5.0', '+2', ' 2', '2 ', '', '0b1', '1_0'])(
      `${url} refuses ${name}=%j with a 400 naming query.${name}`,
      async (value) => {
        const response = await getJson(
          app(),
          `${url}${url.includes('?') ? '&' : '?'}${name}=${encodeURIComponent(value)}`,
        );
        const problem = expectInvalid(response, [`query.${name}`]);
        expect(problem.errors![0]!.message).toMatch(
          /^must be a whole number written in decimal digits only, 1\.\.\d+$/,
        );
      },
    );

    it(`${url} accepts ${name}=2 and still bounds it`, async () => {
      const sep = url.includes('?') ? '&' : '?';
      expect((await getJson(app(), `${url}${sep}${name}=2`)).status).toBe(200);
      expectInvalid(await getJson(app(), `${url}${sep}${name}=0`), [`query.${name}`]);
    });
  }

  it('keeps the defaults when the parameter is left out', async () => {
    expect((await getJson(app(), '/v1/claims')).body.page.limit).toBe(20);
    expect((await getJson(app(), '/v1/changes')).body.page.limit).toBe(100);
  });
});
