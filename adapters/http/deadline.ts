/** Thrown when a dependency does not answer in time; its message is what readiness reports. */
export class DeadlineExceeded extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'DeadlineExceeded';
  }
}

/**
 * Settles like `promise`, or rejects with DeadlineExceeded after `ms`. A hung database (a network partition, a
 * stopped server) makes queries wait for TCP timeouts measured in minutes; probes and scrapes must answer within
 * their own timeouts instead. The work itself is not cancelled; it finishes or fails in the background.
 */
export function withinMs<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(ms)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
