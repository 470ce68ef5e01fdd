import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translateDriverFailure } from '../../adapters/persistence/database-failure.js';
import { EmbeddedDatabaseStoppedError } from '../../adapters/persistence/embedded-database-stopped-error.js';
import { StoppablePglite } from '../../adapters/persistence/stoppable-pglite.js';
import { DatabaseUnavailableError } from '../../core/shared/database-unavailable-error.js';

// PGlite takes seconds to initialise a data directory (far more on a loaded machine); this file opens one.
describe('StoppablePglite', { timeout: 120_000 }, () => {
  let dataDir: string;
  let stoppable: StoppablePglite;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tally-stoppable-'));
    stoppable = new StoppablePglite(await PGlite.create(join(dataDir, 'pgdata')));
  });

  afterAll(async () => {
    await stoppable.pglite.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('passes statements through while PostgreSQL runs', async () => {
    await stoppable.pglite.exec('create table note (id int primary key)');
    await stoppable.pglite.query('insert into note values (1)');

    expect((await stoppable.pglite.query('select count(*)::int as n from note')).rows).toEqual([{ n: 1 }]);
    expect(stoppable.pglite.closed).toBe(false);
  });

  it('refuses every statement at once after a PANIC, which PGlite would otherwise answer by blocking the process for good', async () => {
    // The data directory removed under it: the next WAL file cannot be created, and PostgreSQL PANICs.
    await rm(join(dataDir, 'pgdata'), { recursive: true, force: true });
    await stoppable.pglite.query('select pg_switch_wal()');
    await expect(stoppable.pglite.query('insert into note values (2)')).rejects.toMatchObject({ severity: 'PANIC', code: '58P01' });

    const refused = stoppable.pglite.query('select 1');

    await expect(refused).rejects.toBeInstanceOf(EmbeddedDatabaseStoppedError);
    await expect(stoppable.pglite.exec('select 1')).rejects.toBeInstanceOf(EmbeddedDatabaseStoppedError);
    const translated = translateDriverFailure(await refused.catch((error: unknown) => error));
    expect(translated).toBeInstanceOf(DatabaseUnavailableError);
    expect((translated as Error).message).toBe('the database is unavailable: PostgreSQL stopped on a fatal error; restart tally');
  });

  it('closes at once once stopped, without running PostgreSQL again', async () => {
    await expect(stoppable.pglite.close()).resolves.toBeUndefined();
  });
});
