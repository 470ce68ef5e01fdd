import { Agent, request } from 'node:http';

export interface Answer {
  readonly method: string;
  readonly path: string;
  /** The X-Request-Id the request was sent with, if any: the server logs it, so the two sides can be matched. */
  readonly requestId: string | undefined;
  /** 0 when no answer came: the connection failed or the client gave up after `giveUpMs`. */
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  /** When the request was sent and how long its answer took, in ms since the load started. */
  readonly sentAt: number;
  readonly ms: number;
}

export interface Call {
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
}

/** One HTTP request with its timing; never throws, so a failure is a figure, not a crash of the test. */
export function send(base: string, call: Call, agent: Agent, giveUpMs: number, origin = performance.now()): Promise<Answer> {
  const sentAt = performance.now();
  return new Promise((resolve) => {
    const finish = (status: number, headers: Answer['headers'], body: string) =>
      resolve({ method: call.method, path: call.path, requestId: call.headers?.['x-request-id'], status, headers, body, sentAt: sentAt - origin, ms: performance.now() - sentAt });
    const outgoing = request(`${base}${call.path}`, {
      method: call.method,
      agent,
      headers: {
        // Content-Length frames every body: Node sends a DELETE's body unframed otherwise, and the server then
        // reads those bytes as a next request on the connection (a 400 and a reset for the requests behind it).
        ...(call.body === undefined
          ? {}
          : { 'content-type': call.contentType ?? 'application/json', 'content-length': String(Buffer.byteLength(call.body)) }),
        ...call.headers,
      },
    });
    outgoing.setTimeout(giveUpMs, () => outgoing.destroy(new Error(`no answer within ${giveUpMs} ms`)));
    outgoing.on('response', (incoming) => {
      let text = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (chunk: string) => (text += chunk));
      incoming.on('end', () => finish(incoming.statusCode ?? 0, incoming.headers, text));
      incoming.on('error', (error) => finish(0, {}, error.message));
    });
    outgoing.on('error', (error) => finish(0, {}, error.message));
    outgoing.end(call.body);
  });
}

export interface LoadOptions {
  readonly base: string;
  /** Clients sending at once, each waiting for its answer before it sends again. */
  readonly clients: number;
  /** The request a client sends next; `n` counts this client's requests. */
  readonly next: (client: number, n: number) => Call;
  readonly giveUpMs: number;
  /** Keep-alive connections, at most one per client. */
  readonly agent?: Agent;
}

/** Clients in a loop until `stop()`; every answer is kept for the test to judge. */
export function startLoad(options: LoadOptions, origin = performance.now()) {
  const agent = options.agent ?? new Agent({ keepAlive: true, maxSockets: options.clients });
  const answers: Answer[] = [];
  let running = true;
  const clients = Array.from({ length: options.clients }, async (_, client) => {
    for (let n = 0; running; n += 1) {
      answers.push(await send(options.base, options.next(client, n), agent, options.giveUpMs, origin));
    }
  });
  return {
    answers,
    /** ms since the load started, on the same scale as Answer.sentAt. */
    now: () => performance.now() - origin,
    async stop(): Promise<Answer[]> {
      running = false;
      await Promise.all(clients);
      agent.destroy();
      return answers;
    },
  };
}

/**
 * The outage tests' traffic: `writers` clients registering users (named from `prefix`, so each test's rows are
 * its own) and `readers` clients alternating a page of users with the statistics.
 */
export function startRegistrationsAndReads(
  base: string,
  { writers, readers, prefix }: { readonly writers: number; readonly readers: number; readonly prefix: string },
  origin: number,
) {
  return startLoad(
    {
      base,
      clients: writers + readers,
      giveUpMs: 30_000,
      next: (client, n) =>
        client < writers
          ? { method: 'POST', path: '/users', body: JSON.stringify({ username: `${prefix}-${client}-${n}`, email: `${prefix}${client}.${n}@example.com` }) }
          : { method: 'GET', path: n % 2 === 0 ? '/users?limit=5' : '/stats' },
    },
    origin,
  );
}

/** When an answer arrived, on the load's clock. */
export const answeredAt = (answer: Answer): number => answer.sentAt + answer.ms;

/** Whether an answer arrived at or after `at`. */
export const answeredAfter =
  (at: number) =>
  (answer: Answer): boolean =>
    answeredAt(answer) >= at;

/** Resolves once `predicate` holds, checking as answers arrive; fails after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Count of each status, for printing: { '201': 1200, '503': 340 }. */
export function statusCounts(answers: readonly Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) counts[answer.status] = (counts[answer.status] ?? 0) + 1;
  return counts;
}

export function slowest(answers: readonly Answer[]): number {
  return Math.round(answers.reduce((max, answer) => Math.max(max, answer.ms), 0));
}

/** The answer time below which `fraction` of the answers fall, in ms. */
export function percentile(answers: readonly Answer[], fraction: number): number {
  const sorted = answers.map((answer) => answer.ms).sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0);
}

/** Prints what a test tried and saw, so a reader of the run sees the figures. */
export function report(title: string, figures: Record<string, unknown>): void {
  const lines = Object.entries(figures).map(([name, value]) => `  ${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  process.stdout.write(`\n[resilience] ${title}\n${lines.join('\n')}\n`);
}
