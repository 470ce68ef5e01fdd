import { ConnectionException, DriverException } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { translateDriverFailure } from '../../adapters/persistence/database-failure.js';
import { EmbeddedDatabaseStoppedError } from '../../adapters/persistence/embedded-database-stopped-error.js';
import { DatabaseUnavailableError } from '../../core/shared/database-unavailable-error.js';

/** An error shaped as the driver raises it: a message, and PostgreSQL's SQLSTATE or Node's errno in `code`. */
const driverError = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});

describe('translateDriverFailure', () => {
  it.each([
    ['a refused connection', driverError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), 'the connection was refused'],
    ['a reset connection', driverError('read ECONNRESET', 'ECONNRESET'), 'the connection was reset'],
    ['a refusal on every address tried', new AggregateError([driverError('x', 'ECONNREFUSED')], ''), 'the connection was refused'],
    ['the pool finding no connection in time', driverError('timeout exceeded when trying to connect'), 'no connection was free or could be opened in time'],
    ['a connect timeout', driverError('Connection terminated due to connection timeout'), 'no connection could be opened in time'],
    ['a query that got no answer', driverError('Query read timeout'), 'it did not answer within the statement timeout'],
    ['a connection lost under a query', driverError('Connection terminated unexpectedly'), 'the connection was lost'],
    ['a statement timeout (57014)', driverError('canceling statement due to statement timeout', '57014'), 'it did not answer within the statement timeout'],
    ['the server shutting down (57P01)', driverError('terminating connection due to administrator command', '57P01'), 'the server is shutting down or starting up'],
    ['a connection exception (08006)', driverError('connection failure', '08006'), 'the connection failed'],
    ['no connection slot left (53300)', driverError('sorry, too many clients already', '53300'), 'it has no connection slot left'],
    ['a full disk (53100)', driverError('could not extend file "base/5/16385": No space left on device', '53100'), 'its disk is full'],
    ['the server out of memory (53200)', driverError('out of memory', '53200'), 'it is out of memory or other resources'],
    ['a file it cannot find (58P01), as PGlite answers once its data directory is removed', driverError('could not open file "base/5/2650": No such file or directory', '58P01'), 'it cannot read or write its files'],
    ['an I/O error (58030)', driverError('could not read block 0 in file "base/5/16385": Input/output error', '58030'), 'it cannot read or write its files'],
    ['PGlite closed', new Error('PGlite is closed'), 'the embedded database is closed'],
    ['PGlite aborted', new WebAssembly.RuntimeError('Aborted(). Build with -sASSERTIONS for more info.'), 'the embedded database stopped; restart tally'],
    ['the embedded database stopped', new EmbeddedDatabaseStoppedError('its data directory was removed'), 'its data directory was removed'],
    ['MikroORM wrapping the embedded database stopped', new DriverException(new EmbeddedDatabaseStoppedError('its data directory was removed')), 'its data directory was removed'],
    ['MikroORM wrapping PGlite aborted', new DriverException(new WebAssembly.RuntimeError('Aborted(). Build with -sASSERTIONS for more info.')), 'the embedded database stopped; restart tally'],
    ['MikroORM wrapping a refusal', new DriverException(driverError('connect ECONNREFUSED', 'ECONNREFUSED')), 'the connection was refused'],
    ['MikroORM wrapping a reset', new ConnectionException(driverError('read ECONNRESET', 'ECONNRESET')), 'the connection was reset'],
    ['a refusal as the cause of another error', new Error('migration failed', { cause: driverError('x', 'ECONNREFUSED') }), 'the connection was refused'],
  ])('turns %s into DatabaseUnavailableError, in its own words', (_case, error, reason) => {
    const translated = translateDriverFailure(error);

    expect(translated).toBeInstanceOf(DatabaseUnavailableError);
    expect((translated as DatabaseUnavailableError).reason).toBe(reason);
  });

  it('never repeats the driver message, which can name the server and its user', () => {
    const error = driverError('password authentication failed for postgres://app:secret@db:5432/tally', '08006');

    expect((translateDriverFailure(error) as Error).message).toBe('the database is unavailable: the connection failed');
  });

  it.each([
    ['a unique violation', driverError('duplicate key value violates unique constraint', '23505')],
    ['a syntax error', driverError('syntax error at or near "x"', '42601')],
    ['an error of the application', new Error('something else')],
    ['a value that is not an error', 'text'],
  ])('returns %s as it is', (_case, error) => {
    expect(translateDriverFailure(error)).toBe(error);
  });
});
