import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { report, slowest, startLoad, statusCounts } from './support/load.js';
import { startTallyBehindProxy, type TallyBehindProxy } from './support/tally-behind-proxy.js';

const SLOW_CLIENTS = 20;

interface Trickle {
  /** What the server sent before it closed the connection. */
  readonly answer: Promise<{ text: string; closedAfterMs: number; bytesSent: number }>;
}

/**
 * A client on a raw socket that sends `head` at once and then one byte of `tail` a second, forever: only the
 * server can end it. It stops sending as soon as the server closes the connection.
 */
function trickle(port: number, head: string, tail: string): Trickle {
  const socket: Socket = connect(port, '127.0.0.1');
  const startedAt = performance.now();
  let text = '';
  let bytesSent = head.length;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (text += chunk));
  socket.on('error', () => {});
  socket.write(head);
  let at = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || socket.writableEnded) return;
    socket.write(tail[at % tail.length] as string);
    bytesSent += 1;
    at += 1;
  }, 1_000);
  const answer = new Promise<{ text: string; closedAfterMs: number; bytesSent: number }>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ text, closedAfterMs: Math.round(performance.now() - startedAt), bytesSent });
    }),
  );
  return { answer };
}

/** One complete request on a keep-alive connection, then silence: the server should close it when idle. */
function idleAfterOneRequest(port: number) {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (text += chunk));
  socket.on('error', () => {});
  socket.write('GET /-/healthy HTTP/1.1\r\nHost: tally.test\r\nConnection: keep-alive\r\n\r\n');
  const startedAt = performance.now();
  return new Promise<{ text: string; closedAfterMs: number }>((resolve) =>
    socket.on('close', () => resolve({ text, closedAfterMs: Math.round(performance.now() - startedAt) })),
  );
}

let running: TallyBehindProxy;

beforeAll(async () => {
  running = await startTallyBehindProxy({
    HTTP_HEADERS_TIMEOUT_SECONDS: '2',
    HTTP_REQUEST_TIMEOUT_SECONDS: '3',
    HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: '1',
  });
});

afterAll(async () => {
  await running?.close();
});

describe('slow clients', () => {
  it('cuts off clients that trickle headers or a body, and idle keep-alive connections, while others are served', async () => {
    const { server } = running;
    const load = startLoad({
      base: server.base,
      clients: 4,
      giveUpMs: 30_000,
      next: (client, n) =>
        client % 2 === 0 ? { method: 'POST', path: '/visits', body: JSON.stringify({ visitor: `fast-${client}-${n}` }) } : { method: 'GET', path: '/stats' },
    });
    const headerTricklers = Array.from({ length: SLOW_CLIENTS }, () =>
      trickle(server.port, 'POST /visits HTTP/1.1\r\nHost: tally.test\r\n', 'X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n'),
    );
    const bodyTricklers = Array.from({ length: SLOW_CLIENTS }, () =>
      trickle(
        server.port,
        'POST /visits HTTP/1.1\r\nHost: tally.test\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
        '{"visitor":"slow"}',
      ),
    );
    const idle = Array.from({ length: SLOW_CLIENTS }, () => idleAfterOneRequest(server.port));

    const headers = await Promise.all(headerTricklers.map((client) => client.answer));
    const bodies = await Promise.all(bodyTricklers.map((client) => client.answer));
    const idled = await Promise.all(idle);
    const answers = await load.stop();
    const [stored] = await running.query<{ visits: string }>('select count(*) as visits from visit');
    const recorded = answers.filter((answer) => answer.status === 201).length;
    report(`slow clients: ${SLOW_CLIENTS} trickling headers, ${SLOW_CLIENTS} trickling bodies, ${SLOW_CLIENTS} idle keep-alive`, {
      'header trickle closed after (ms), slowest': Math.max(...headers.map((answer) => answer.closedAfterMs)),
      'header trickle bytes sent, most': Math.max(...headers.map((answer) => answer.bytesSent)),
      'header trickle first answer line': headers[0]?.text.split('\r\n')[0] ?? '(none)',
      'body trickle closed after (ms), slowest': Math.max(...bodies.map((answer) => answer.closedAfterMs)),
      'body trickle first answer line': bodies[0]?.text.split('\r\n')[0] ?? '(none)',
      'idle keep-alive closed after (ms), slowest': Math.max(...idled.map((answer) => answer.closedAfterMs)),
      'visits stored / recorded by the other clients': `${stored?.visits} / ${recorded}`,
      'other clients meanwhile': { requests: answers.length, statuses: statusCounts(answers), 'slowest (ms)': slowest(answers) },
    });

    // Each slow client was cut off by the server (it never stops sending by itself), with a 408 where one fits.
    for (const answer of [...headers, ...bodies]) expect(answer.text).toMatch(/^HTTP\/1\.1 408 /);
    for (const answer of idled) expect(answer.text).toMatch(/^HTTP\/1\.1 200 /);
    // No trickled body ever reached a handler: the only visits are the other clients'.
    expect(Number(stored?.visits)).toBe(recorded);
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.filter((answer) => answer.status < 200 || answer.status >= 300)).toEqual([]);
  });
});
