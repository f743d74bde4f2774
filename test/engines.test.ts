// One Node version range, stated in package.json's engines, named by .nvmrc, enforced by the server,
// and matching what the installed dependencies declare.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_NODE, isSupportedNode } from '../src/version.ts';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const lock = JSON.parse(read('package-lock.json')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } }>;
};

/** Dependencies whose engines say `>=22` although they run on 20.19 (their code needs nothing newer). */
const OVER_CAUTIOUS = new Set(['cookie', 'content-disposition']);

describe('the Node versions this project runs on', () => {
  it('reads the engines range: 20.19+ on 20, 22.12+ on 22, and 24 and later', () => {
    expect(SUPPORTED_NODE).toBe(JSON.parse(read('package.json')).engines.node);
    for (const version of ['20.19.0', '20.20.2', '22.12.0', '22.20.1', '24.0.0', '26.1.0'])
      expect(isSupportedNode(version), version).toBe(true);
    for (const version of ['18.20.4', '20.18.3', '21.7.3', '22.11.0', '23.11.1'])
      expect(isSupportedNode(version), version).toBe(false);
  });

  it('runs the tests on a supported Node, and .nvmrc names a supported line', () => {
    expect(isSupportedNode(process.versions.node), process.versions.node).toBe(true);
    const nvmrc = read('.nvmrc').trim();
    expect(nvmrc).toMatch(/^\d+$/);
    expect(isSupportedNode(`${nvmrc}.99.0`)).toBe(true);
  });

  it('asks for no older Node than some dependency needs (its lowest version satisfies every declared engines range)', () => {
    const lowest = /(\d+\.\d+\.\d+)/.exec(SUPPORTED_NODE)![1]!;
    const refusing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const range = entry.engines?.node;
      const name = path.replace(/^.*node_modules\//, '');
      if (!path || !range || OVER_CAUTIOUS.has(name)) continue;
      // Every range form the lockfile uses today: >=, ^, x-ranges and ||.
      const allows = range.split('||').some((part) => {
        const text = part.trim().replace(/\.x/g, '.0');
        if (/^\d+(\.\d+)*$/.test(text)) return Number(text.split('.')[0]) === Number(lowest.split('.')[0]);
        const m = /^(\^|>=|~)?\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text);
        if (!m) return true;
        const low = [Number(m[2]), Number(m[3] ?? 0), Number(m[4] ?? 0)].join('.');
        return m[1] === '^' || m[1] === '~'
          ? isSupportedNode(lowest, `^${low}`) && (m[1] !== '~' || lowest.split('.')[1] === low.split('.')[1])
          : isSupportedNode(lowest, `>=${low}`);
      });
      if (!allows) refusing.push(`${name}@${entry.version} wants node ${range}`);
    }
    expect(refusing).toEqual([]);
  });
});
