import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXIT } from '../../adapters/cli/exit-codes.js';
import { HEAP_FLAGS, MALLOC_ENV } from '../../composition/memory-bounds.js';

describe('the entry point (composition/main.ts)', () => {
  const argv = process.argv;

  afterEach(() => {
    process.argv = argv;
    process.exitCode = undefined;
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('runs the command named in process.argv with process.env, and sets process.exitCode from it', async () => {
    process.argv = [process.execPath, 'tally', 'version', '--json'];
    vi.stubEnv('BUILD_NUMBER', '314');
    vi.stubEnv('GIT_COMMIT', 'feedface');
    vi.stubEnv('DATABASE_URL', undefined);
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', undefined);
    // Already given the memory bounds, the entry point runs on in this process instead of restarting node.
    vi.stubEnv('NODE_OPTIONS', HEAP_FLAGS.join(' '));
    for (const [name, value] of Object.entries(MALLOC_ENV)) vi.stubEnv(name, value);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);

    await import('../../composition/main.js');

    expect(process.exitCode).toBe(EXIT.ok);
    const written = stdout.mock.calls.map(([chunk]) => String(chunk)).join('');
    expect(JSON.parse(written)).toEqual({ version: '1.0.0', build: '314', commit: 'feedface' });
  });
});
