import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPostgreSqlTypeParsers } from '@mikro-orm/sql';
import postgresArray from 'postgres-array';
import lockfile from 'proper-lockfile';
import { DataDirectoryInUseError } from './data-directory-in-use-error.js';
import { StoppablePglite } from './stoppable-pglite.js';

export interface EmbeddedPostgres {
  readonly pglite: PGlite;
  close(): Promise<void>;
}

/**
 * Opens PGlite on a data directory that this process then owns. PGlite does not lock its directory itself: a
 * second process would open it without error and silently lose its writes, so we hold a lock file for as
 * long as the database is open.
 */
export async function openEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  await mkdir(dataDir, { recursive: true });
  let stoppable: StoppablePglite | undefined;
  let unlock: () => Promise<void>;
  try {
    unlock = await lockfile.lock(dataDir, {
      lockfilePath: join(dataDir, 'tally.lock'),
      realpath: false,
      // Checked every second: a lock file gone or touched by another process means the directory is no longer
      // ours (removed, unmounted, taken over), and writing on would lose data or leave PostgreSQL in a PANIC.
      // The lock's default reaction is to throw in a timer, which would end the process; we stop the database.
      update: 1_000,
      onCompromised: () => stoppable?.stop('its data directory was removed or taken over by another process; restart tally'),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') throw new DataDirectoryInUseError(dataDir);
    throw error;
  }
  try {
    // The same raw-string parsers MikroORM gives `pg`, so dates and intervals read back identically.
    const parsers = createPostgreSqlTypeParsers((value) => postgresArray.parse(value));
    const guarded = new StoppablePglite(await PGlite.create(join(dataDir, 'pgdata'), { parsers }));
    stoppable = guarded;
    const { pglite } = guarded;
    return {
      pglite,
      async close() {
        // Closing the ORM normally closes PGlite through its Kysely dialect already.
        if (!pglite.closed) await pglite.close();
        // A lock already lost cannot be released, and there is nothing left to release.
        await unlock().catch((error: unknown) => {
          if (!guarded.stopped) throw error;
        });
      },
    };
  } catch (error) {
    await unlock();
    throw error;
  }
}
