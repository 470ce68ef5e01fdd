import { createServer, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';

export interface OtlpReceiver {
  /** The value for OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly endpoint: string;
  /** Every export request body received at /v1/traces (OTLP protobuf). */
  readonly bodies: Buffer[];
  close(): Promise<void>;
}

/**
 * A stand-in OpenTelemetry collector: it accepts OTLP/HTTP trace exports and keeps their protobuf bodies.
 * Protobuf stores strings as plain UTF-8, so span names and attribute values can be found in the bytes.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const bodies: Buffer[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (request.url === '/v1/traces') bodies.push(request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw);
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
