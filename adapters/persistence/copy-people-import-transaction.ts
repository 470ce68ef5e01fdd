import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PeopleImportTransaction, PersonBatchWriter } from '../../core/people/people-import-transaction.js';
import { PERSON_COPY_COLUMNS, personCopyLines } from './person-copy-text.js';

/** Lends one pooled connection for as long as `work` runs, and closes it if `work` throws (server-database.ts). */
export interface ConnectionLender {
  withServerConnection<T>(work: (client: PoolClient) => Promise<T>): Promise<T>;
}

/**
 * The import on a PostgreSQL server: one transaction on one pooled connection held for the whole import, and in
 * it a single `COPY person … FROM STDIN` that every batch streams into as soon as it is written. Nothing waits
 * for a statement's reply and no batch outlives its write, so memory stays flat however long the file; the
 * stream's backpressure paces the import to what the server takes in.
 *
 * All or nothing: the transaction commits only when the work resolves. Otherwise the COPY is aborted (a
 * CopyFail message) and the transaction rolled back; a process killed mid-way drops the connection, and the
 * server rolls back on its own.
 */
export class CopyPeopleImportTransaction implements PeopleImportTransaction {
  constructor(private readonly database: ConnectionLender) {}

  run<T>(work: (writer: PersonBatchWriter) => Promise<T>): Promise<T> {
    return this.database.withServerConnection(async (client) => {
      await client.query('begin');
      try {
        const result = await copyPeople(client, work);
        await client.query('commit');
        return result;
      } catch (error) {
        // Should the rollback fail too, the connection is closed (withServerConnection), which also rolls back.
        await client.query('rollback').catch(() => {});
        throw error;
      }
    });
  }
}

async function copyPeople<T>(client: PoolClient, work: (writer: PersonBatchWriter) => Promise<T>): Promise<T> {
  const copy = client.query(copyFrom(`copy person (${PERSON_COPY_COLUMNS}) from stdin`));
  // The server's error (a constraint, a lost connection) arrives as an 'error' event, perhaps between two
  // writes: it is kept and thrown by the next write, and an 'error' event with no listener would end the process.
  let failure: unknown;
  copy.on('error', (error) => (failure ??= error));
  const writer: PersonBatchWriter = {
    async insertBatch(people, createdAt) {
      if (failure !== undefined) throw failure;
      // once() rejects if the stream errors while the batch waits for room.
      if (!copy.write(personCopyLines(people, createdAt.toISOString()))) await once(copy, 'drain');
    },
  };
  try {
    const result = await work(writer);
    copy.end();
    // 'finish' comes once the server has taken every row: COPY is then complete inside the transaction.
    await finished(copy);
    return result;
  } catch (error) {
    // Tells the server to abandon the COPY; the connection takes the rollback once the server has answered.
    copy.destroy(error instanceof Error ? error : undefined);
    await finished(copy).catch(() => {});
    throw error;
  }
}
