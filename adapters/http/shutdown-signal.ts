/**
 * The first SIGTERM or SIGINT, listened for from the moment this is created. One that arrives while tally is
 * still starting (opening the database, migrating, building the app) is kept until start-up can act on it,
 * instead of falling to Node's default, which kills the process without closing what it opened. A second signal
 * gets that default: the way to force a process that is slow to stop.
 */
export class ShutdownSignal {
  readonly received: Promise<NodeJS.Signals>;
  private signal: NodeJS.Signals | undefined;

  constructor() {
    this.received = new Promise((resolve) => {
      const receive = (signal: NodeJS.Signals) => {
        process.off('SIGTERM', receive);
        process.off('SIGINT', receive);
        this.signal = signal;
        resolve(signal);
      };
      process.once('SIGTERM', receive);
      process.once('SIGINT', receive);
    });
  }

  get hasArrived(): boolean {
    return this.signal !== undefined;
  }
}
