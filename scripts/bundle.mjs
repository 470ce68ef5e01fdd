// The program tally ships: tsc's output bundled by rolldown into dist/bundle/, with the page templates beside it.
//
// Why bundle: node keeps the source text of every module it loads, for as long as the process runs, to compile
// functions lazily. Loaded file by file, an idle `tally serve` held 14 MB of strings, its largest the sources of
// MikroORM (stored two bytes a character where a comment holds one non-Latin-1 character), and 118 MB resident.
// Bundled, without the comments and the modules nothing reaches (the other databases' dialects among them), its
// idle heap held 12 MB less and each scenario's peak under load was 7-17 MB lower (bench/README.md has the
// figures). Dynamic imports stay chunks of their own, so `tally --help` still loads neither MikroORM nor Fastify.
// Written in ASCII (other characters escaped): V8 stores a source with a single character beyond Latin-1 two bytes
// a character, and each of the two largest chunks, 1.4 MB, had some; escaped, the heap's strings went 13 -> 10 MB.
// Rolldown because it is already here, as vitest's bundler: no new toolchain. Not minified: a stack trace in a
// log still reads as the code it came from.
import { cpSync, rmSync } from 'node:fs';
import { build } from 'rolldown';

const outDir = 'dist/bundle';

/**
 * Packages that must stay files of their own in node_modules. Each finds something beside its own code, which a
 * bundle would move away from it, or must be imported by name to be instrumented.
 */
const unbundled = [
  // its WebAssembly module and data files
  '@electric-sql/pglite',
  // OpenTelemetry's pg instrumentation patches `pg` as node imports it; import-in-the-middle registers its
  // loader hook by its own file, and the SDK keeps state that hook shares
  'pg',
  'import-in-the-middle',
  '@opentelemetry/',
  // pino-pretty runs as a pino transport: a worker thread started from pino's own files
  'pino',
  // @fastify/swagger reads its package.json, swagger-ui serves its static folder
  '@fastify/swagger',
  '@fastify/swagger-ui',
];

/** A package's own name or any path inside it; a name ending in / stands for a whole scope. */
const external = (id) => unbundled.some((name) => id === name || id.startsWith(name.endsWith('/') ? name : `${name}/`));

rmSync(outDir, { recursive: true, force: true });
await build({
  input: 'dist/composition/main.js',
  platform: 'node',
  external,
  output: { dir: outDir, format: 'esm', comments: false, charset: 'ascii' },
  logLevel: 'warn',
});
// The HTTP adapter finds its templates in ./views beside its own code, which is now a chunk of the bundle.
cpSync('adapters/http/views', `${outDir}/views`, { recursive: true });
