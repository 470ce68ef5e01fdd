import type { Bind, Newable, ServiceIdentifier } from 'inversify';
import { translatingDriverFailures } from '../../adapters/persistence/translating-driver-failures.js';

/**
 * Binds a port of core to its persistence adapter, wrapped so that the adapter's driver failures reach core as
 * DatabaseUnavailableError (adapters/persistence/database-failure.ts), whichever of its methods failed.
 */
export function bindPersistencePort<T extends object>(bind: Bind, port: ServiceIdentifier<T>, adapter: Newable<T>): void {
  bind<T>(port)
    .to(adapter)
    .onActivation((_context, instance) => translatingDriverFailures(instance));
}
