// The version of this package and the Node versions it runs on, as package.json states them: /health
// reports the version, and the server refuses to start on a Node outside `engines.node`. Imported
// (not read from disk) so a bundled build carries both.
import packageJson from '../package.json' with { type: 'json' };

export const PACKAGE_VERSION: string = packageJson.version;

/** package.json's engines.node: where vite/rolldown (under vitest) and better-sqlite3 12 all work. */
export const SUPPORTED_NODE: string = packageJson.engines.node;

type Version = [number, number, number];

const compare = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/**
 * Whether `version` (as process.versions.node) is in `range`, written as `^a.b.c` and `>=a.b.c`
 * joined by `||` (npm does not enforce engines without engine-strict, which two dependencies'
 * over-cautious `>=22` would trip, so the server checks it).
 */
export function isSupportedNode(version: string, range = SUPPORTED_NODE): boolean {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  const current: Version = [major, minor, patch];
  return range.split('||').some((part) => {
    const match = /^\s*(\^|>=)(\d+)\.(\d+)\.(\d+)\s*$/.exec(part);
    if (!match) throw new Error(`engines.node: cannot read "${part.trim()}"; write ^a.b.c or >=a.b.c, joined by ||`);
    const low: Version = [Number(match[2]), Number(match[3]), Number(match[4])];
    return compare(current, low) >= 0 && (match[1] === '>=' || current[0] === low[0]);
  });
}
