import { createHmac } from 'node:crypto';
import { glob, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Container, Newable } from 'inversify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShutdownState } from '../../adapters/http/shutdown-state.js';
import { CopyPeopleImportTransaction } from '../../adapters/persistence/copy-people-import-transaction.js';
import type { Database } from '../../adapters/persistence/database.js';
import { ServerDatabase } from '../../adapters/persistence/server-database.js';
import { type Config, loadConfig } from '../../composition/config.js';
import { createContainer } from '../../composition/container.js';
import { embeddedVisitorSalt } from '../../composition/embedded-visitor-salt.js';
import { httpDependencies } from '../../composition/http-dependencies.js';
import { CONFIG, DATABASE } from '../../composition/tokens.js';
import { ListSubmissions } from '../../core/forms/list-submissions.js';
import { SubmitForm } from '../../core/forms/submit-form.js';
import { PEOPLE_IMPORT_TRANSACTION } from '../../core/people/people-import-transaction.js';
import { CLOCK, type Clock } from '../../core/shared/clock.js';
import { ID_GENERATOR, type IdGenerator } from '../../core/shared/id-generator.js';
import { GetUser } from '../../core/users/get-user.js';
import { ListUsers } from '../../core/users/list-users.js';
import { RegisterUser } from '../../core/users/register-user.js';
import { GetVisitStatistics } from '../../core/visits/get-visit-statistics.js';
import { RecordVisit } from '../../core/visits/record-visit.js';
import { VISITOR_HASH, type VisitorHash } from '../../core/visits/visitor-hash.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** Every class exported from core/ with an `execute` method: core's use cases, found in its files, not listed. */
async function useCasesOfCore(): Promise<Newable<object>[]> {
  const found: Newable<object>[] = [];
  const coreDir = join(import.meta.dirname, '../../core');
  for await (const file of glob('**/*.ts', { cwd: coreDir })) {
    const exported: Record<string, unknown> = await import(join(coreDir, file));
    for (const value of Object.values(exported)) {
      if (typeof value === 'function' && typeof (value.prototype as { execute?: unknown } | undefined)?.execute === 'function') {
        found.push(value as Newable<object>);
      }
    }
  }
  return found;
}

const SALT = 'container-test-visitor-salt-0123';
const ADMIN_TOKEN = 'container-test-admin-token-0123';

let testDatabase: TestDatabase;
let config: Config;
let container: Container;
let database: Database;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  config = loadConfig({ DATABASE_URL: testDatabase.url, VISITOR_SALT: SALT, ADMIN_TOKEN, LOG_LEVEL: 'silent' });
  container = await createContainer(config);
  database = container.get<Database>(DATABASE);
  await database.migrate();
});

afterAll(async () => {
  await database?.close();
  await testDatabase?.drop();
});

describe('the composition root container', () => {
  it('binds the configuration, the database, the visitor hash under the salt, a clock and time-ordered ids', () => {
    expect(container.get(CONFIG)).toBe(config);
    expect(database).toBeInstanceOf(ServerDatabase);
    expect(container.get<VisitorHash>(VISITOR_HASH).digest('visitor\nclient-42')).toBe(
      createHmac('sha256', SALT).update('visitor\nclient-42').digest('hex'),
    );

    const now = container.get<Clock>(CLOCK).now();
    expect(Math.abs(now.getTime() - Date.now())).toBeLessThan(5_000);

    const ids = container.get<IdGenerator>(ID_GENERATOR);
    const [first, second] = [ids.next(), ids.next()];
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first < (second as string)).toBe(true);
  });

  it('resolves every use case that core exports, once (singletons)', async () => {
    const useCases = await useCasesOfCore();
    expect(useCases.map((useCase) => useCase.name)).toEqual(expect.arrayContaining(['RegisterUser', 'ImportPeople']));
    for (const useCase of useCases) {
      const resolved = container.get(useCase);
      expect(resolved, useCase.name).toBeInstanceOf(useCase);
      expect(container.get(useCase)).toBe(resolved);
    }
  });

  it('wires the use cases to the real database: users', async () => {
    const registered = await container.get(RegisterUser).execute({ username: 'Ada', email: 'ada@example.com' });
    expect(registered.username).toBe('ada');

    await expect(container.get(GetUser).execute(registered.id)).resolves.toEqual(registered);
    await expect(container.get(ListUsers).execute({})).resolves.toEqual({ items: [registered] });
  });

  it('wires the use cases to the real database: visits', async () => {
    const afterVisit = await container.get(RecordVisit).execute({ clientAddress: '203.0.113.9', userAgent: 'test' });
    expect(afterVisit).toEqual({ totalVisits: 1, uniqueVisitors: 1, today: { visits: 1, uniqueVisitors: 1 } });
    await expect(container.get(GetVisitStatistics).execute()).resolves.toEqual(afterVisit);
  });

  it('wires the use cases to the real database: forms', async () => {
    const submitted = await container.get(SubmitForm).execute({ name: 'Grace', favoriteColor: 'navy', pet: 'dogs' });
    await expect(container.get(ListSubmissions).execute({})).resolves.toEqual({
      items: [submitted],
    });
  });

  it('imports people into a server with COPY', () => {
    expect(container.get(PEOPLE_IMPORT_TRANSACTION)).toBeInstanceOf(CopyPeopleImportTransaction);
  });

  it('hands the HTTP adapter its settings and the same use cases', () => {
    const shutdown = new ShutdownState();
    const deps = httpDependencies(container, config, shutdown);
    expect(deps.settings).toMatchObject({
      logLevel: 'silent',
      trustProxy: false,
      owner: { name: 'tally' },
      version: config.version,
      adminToken: ADMIN_TOKEN,
    });
    expect(deps.database).toBe(database);
    expect(deps.shutdown).toBe(shutdown);
    expect(deps.useCases.get(RegisterUser)).toBe(container.get(RegisterUser));
    expect(deps.useCases.get(ListSubmissions)).toBe(container.get(ListSubmissions));
  });

  it('leaves the admin token out of the HTTP settings when none is configured', () => {
    const withoutToken = { ...config, adminToken: undefined } as unknown as Config;
    delete (withoutToken as { adminToken?: string }).adminToken;
    expect(httpDependencies(container, withoutToken, new ShutdownState()).settings).not.toHaveProperty('adminToken');
  });

  it('refuses a server database without a visitor salt', async () => {
    const noSalt: Config = { ...config };
    delete (noSalt as { visitorSalt?: string }).visitorSalt;
    await expect(createContainer(noSalt)).rejects.toThrow(/visitor salt is required/);
  });
});

describe('the embedded database visitor salt', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tally-salt-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is created once, random and private, in the data directory, and then reused', async () => {
    const dir = join(dataDir, 'nested', 'data');
    const first = await embeddedVisitorSalt(dir);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(await readFile(join(dir, 'visitor-salt'), 'utf8')).toBe(first);
    expect((await stat(join(dir, 'visitor-salt'))).mode & 0o777).toBe(0o600);

    await expect(embeddedVisitorSalt(dir)).resolves.toBe(first);
    const other = await embeddedVisitorSalt(join(dataDir, 'other'));
    expect(other).not.toBe(first);
  });

  it('fails loudly when the salt cannot be read', async () => {
    // A directory where the salt file should be: not ENOENT, so it must not be silently replaced.
    const dir = join(dataDir, 'broken');
    await embeddedVisitorSalt(dir);
    await rm(join(dir, 'visitor-salt'));
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'visitor-salt'));
    await expect(embeddedVisitorSalt(dir)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
