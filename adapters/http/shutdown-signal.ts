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
        if (this.signal !== undefined) return;
        this.signal = signal;
        resolve(signal);
        // Not removed until this signal's other listeners have run: signal-exit (proper-lockfile's, which guards
        // the embedded database's directory) raises the signal again when it finds itself the only listener left,
        // and that would kill the process in the middle of its clean shutdown.
        setImmediate(() => {
          process.off('SIGTERM', receive);
          process.off('SIGINT', receive);
        });
      };
      process.on('SIGTERM', receive);
      process.on('SIGINT', receive);
    });
  }

  get hasArrived(): boolean {
    return this.signal !== undefined;
  }
}
