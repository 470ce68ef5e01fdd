import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Cuts the database off: open connections are reset and new ones refused, as when PostgreSQL goes away. */
  cut(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy on loopback in front of PostgreSQL, so one test can take "its" database away without touching the
 * server that every other test shares.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    track(client);
    track(upstream);
    // Either side failing ends both, as a broken network path would.
    client.once('error', () => upstream.destroy());
    upstream.once('error', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const cut = () => {
    server.close();
    for (const socket of sockets) socket.resetAndDestroy();
  };
  return {
    port,
    cut,
    async close() {
      if (server.listening) cut();
      for (const socket of sockets) socket.destroy();
    },
  };
}
