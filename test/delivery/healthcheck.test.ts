import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { repoPath } from './support/repo.js';
import { runCommand } from './support/shell.js';

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A stand-in for tally answering /-/healthy with the given status; returns its port. */
async function serve(status: number): Promise<number> {
  const requested: string[] = [];
  server = createServer((request, response) => {
    requested.push(request.url ?? '');
    response.writeHead(request.url === '/-/healthy' ? status : 404).end('{}');
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function check(port: number) {
  return runCommand(process.execPath, [repoPath('deploy/healthcheck.mjs')], { PORT: String(port) });
}

describe('deploy/healthcheck.mjs (the image HEALTHCHECK)', () => {
  it('exits 0 when /-/healthy answers 200', async () => {
    const result = await check(await serve(200));
    expect(result).toMatchObject({ code: 0, stderr: '' });
  });

  it('exits 1 and says why when /-/healthy answers an error', async () => {
    const result = await check(await serve(503));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('answered 503');
  });

  it('exits 1 when nothing listens', async () => {
    const port = await serve(200);
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    const result = await check(port);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('failed');
  });
});
