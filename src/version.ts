// The version of this package, as package.json states it: /health reports it, so a deploy can be
// checked from outside. Imported (not read from disk) so a bundled build carries it too.
import packageJson from '../package.json' with { type: 'json' };

export const PACKAGE_VERSION: string = packageJson.version;
