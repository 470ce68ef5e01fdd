import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * What the proxy does to the database's traffic:
 * - `forward`: passes every byte both ways;
 * - `reset`: destroys every connection (each side sees a reset) and refuses new ones at once, as when the
 *   server crashed or its host rebooted;
 * - `partition`: keeps every connection open and accepts new ones, but moves no byte either way, as when a
 *   network path silently drops packets. Like TCP's retransmissions, what was held back arrives once the
 *   partition ends.
 */
export type ProxyMode = 'forward' | 'reset' | 'partition';

interface Pair {
  readonly client: Socket;
  readonly server: Socket;
}

/** A TCP proxy on 127.0.0.1 in front of a real server, switchable between modes while connections are open. */
export class PausableProxy {
  private mode: ProxyMode = 'forward';
  private readonly pairs = new Set<Pair>();

  private constructor(
    private readonly listener: Server,
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }): Promise<PausableProxy> {
    const listener = createServer();
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const address = listener.address();
    if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP address');
    const proxy = new PausableProxy(listener, address.port, target);
    listener.on('connection', (client: Socket) => proxy.accept(client));
    return proxy;
  }

  /** Connections open through the proxy now, for the test's report. */
  get openConnections(): number {
    return this.pairs.size;
  }

  setMode(mode: ProxyMode): void {
    this.mode = mode;
    for (const pair of this.pairs) {
      if (mode === 'reset') this.destroy(pair);
      else if (mode === 'partition') this.hold(pair);
      else this.release(pair);
    }
  }

  async close(): Promise<void> {
    this.setMode('reset');
    await new Promise<void>((resolve) => this.listener.close(() => resolve()));
  }

  private accept(client: Socket): void {
    client.on('error', () => {});
    if (this.mode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    const server = connect(this.target.port, this.target.host);
    server.on('error', () => {});
    const pair = { client, server };
    this.pairs.add(pair);
    client.on('data', (chunk) => server.write(chunk));
    server.on('data', (chunk) => client.write(chunk));
    const end = () => this.destroy(pair);
    client.on('close', end);
    server.on('close', end);
    if (this.mode === 'partition') this.hold(pair);
  }

  /** Paused sockets read nothing: bytes wait in the kernel's buffers, and both ends wait for an answer. */
  private hold(pair: Pair): void {
    pair.client.pause();
    pair.server.pause();
  }

  private release(pair: Pair): void {
    pair.client.resume();
    pair.server.resume();
  }

  private destroy(pair: Pair): void {
    this.pairs.delete(pair);
    pair.client.resetAndDestroy();
    pair.server.resetAndDestroy();
  }
}
