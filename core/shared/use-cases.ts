/** A use case's class: what the composition root binds and what an adapter asks for. */
export type UseCaseClass<T> = abstract new (...args: never[]) => T;

/**
 * The application's use cases, wired and ready, handed out by class. An adapter asks for the ones it runs where
 * it runs them, so no list of use cases is copied between the composition root and the adapters.
 */
export interface UseCases {
  get<T>(useCase: UseCaseClass<T>): T;
}
