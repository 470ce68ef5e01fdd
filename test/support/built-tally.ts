import { join, resolve } from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };

/** The program tally ships, as `npm run build` (which `npm test` runs first) built it: the package's `bin`. */
export const BUILT_TALLY = join(resolve(import.meta.dirname, '../..'), packageJson.bin.tally);
