import type { Bind, MapToResolvedValueInjectOptions, ServiceIdentifier } from 'inversify';

/**
 * Binds a use case of core, which carries no decorators, to its constructor's dependencies, named by their
 * tokens in parameter order: the tuple's length and order are checked against the constructor. A trailing
 * optional parameter (a tuning default, as ImportPeople's limits) is left to its default.
 */
export function bindUseCase<T extends object, Parameters extends unknown[]>(
  bind: Bind,
  useCase: new (...args: Parameters) => T,
  dependencies: { readonly [K in keyof Parameters]: ServiceIdentifier<Parameters[K]> },
): void {
  const tokens = [...dependencies] as MapToResolvedValueInjectOptions<Parameters>;
  bind(useCase).toResolvedValue((...args: Parameters) => new useCase(...args), tokens);
}
