import { translateDriverFailure } from './database-failure.js';

/**
 * The port `adapter` implements, with every failure of its methods passed through `translateDriverFailure`: a
 * use case then sees core's DatabaseUnavailableError whichever query, transaction or lent connection failed,
 * and no repository has to remember to translate. Applied once to each persistence port as it is bound.
 */
export function translatingDriverFailures<Port extends object>(adapter: Port): Port {
  return new Proxy(adapter, {
    get(target, property, receiver) {
      const member: unknown = Reflect.get(target, property, receiver);
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        try {
          const result: unknown = member.apply(target, args);
          return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(translateDriverFailure(error))) : result;
        } catch (error) {
          throw translateDriverFailure(error);
        }
      };
    },
  });
}
