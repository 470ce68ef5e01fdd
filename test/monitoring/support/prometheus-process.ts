import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForStatus } from '../../cli/free-port.js';

export interface ActiveAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
}

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PrometheusProcess {
  readonly base: string;
  /** An instant query through the HTTP API; throws on a PromQL error. */
  query(expr: string): Promise<PromSample[]>;
  /** The alerts that are pending or firing now. */
  alerts(): Promise<ActiveAlert[]>;
  stop(): Promise<void>;
}

interface ApiAnswer<T> {
  status: 'success' | 'error';
  data: T;
  error?: string;
}

async function api<T>(url: string): Promise<T> {
  const response = await fetch(url);
  const answer = (await response.json()) as ApiAnswer<T>;
  if (answer.status !== 'success') throw new Error(`${url}: ${answer.error ?? response.status}`);
  return answer.data;
}

/**
 * Debian's `prometheus` binary on a loopback port, with a configuration and rules of the test's own in a
 * temporary directory that holds its data too; removed on stop.
 */
export async function startPrometheus(config: string, rules: string): Promise<PrometheusProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'tally-prometheus-'));
  writeFileSync(join(dir, 'rules.yml'), rules);
  writeFileSync(join(dir, 'prometheus.yml'), config.replaceAll('RULES_FILE', join(dir, 'rules.yml')));
  const port = await freePort();
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    // No binary at all (.ci/run installs Debian's prometheus package).
    child.once('error', (error) => {
      log += error.message;
      resolve();
    });
  });
  const base = `http://127.0.0.1:${port}`;
  const early = exited.then(() => {
    throw new Error(`prometheus exited before it was ready: ${log}`);
  });
  await Promise.race([waitForStatus(`${base}/-/ready`, 200, 30_000), early]);
  early.catch(() => {});
  return {
    base,
    query: (expr) =>
      api<{ result: PromSample[] }>(`${base}/api/v1/query?query=${encodeURIComponent(expr)}`).then((data) => data.result),
    alerts: () => api<{ alerts: ActiveAlert[] }>(`${base}/api/v1/alerts`).then((data) => data.alerts),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
