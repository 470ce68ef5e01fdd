import { request } from 'node:http';

export interface SlowRequest {
  /** Sends the rest of the body; the promise settles with the response. */
  finish(): void;
  readonly response: Promise<{ status: number; body: string }>;
}

/**
 * A JSON POST on a connection of its own (no keep-alive) whose body arrives in two parts: the server has the
 * request in flight from the first part until `finish()` sends the second — a slow client, made deterministic.
 */
export function slowPost(base: string, path: string, body: string): SlowRequest {
  const half = Math.floor(body.length / 2);
  const outgoing = request(`${base}${path}`, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    outgoing.on('response', (incoming) => {
      let text = '';
      incoming.on('data', (chunk: Buffer) => (text += chunk.toString()));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body: text }));
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
  });
  outgoing.write(body.slice(0, half));
  return { finish: () => outgoing.end(body.slice(half)), response };
}
