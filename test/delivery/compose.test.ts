import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { repoPath } from './support/repo.js';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  entrypoint?: string[];
  env_file?: { path: string; required?: boolean }[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  labels?: Record<string, string>;
  profiles?: string[];
  restart?: string;
  read_only?: boolean;
  ports?: string[];
  secrets?: string[];
}
interface ComposeFile {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
  secrets: Record<string, { file: string }>;
}

// `merge: true` resolves the `<<: *tally` keys the app and migrate services share, as compose does.
const compose = parse(readFileSync(repoPath('docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;

function service(name: string): Service {
  const found = compose.services[name];
  if (!found) throw new Error(`no service ${name}`);
  return found;
}

describe('docker-compose.yml', () => {
  it('runs PostgreSQL with a pg_isready healthcheck and a named volume', () => {
    const postgres = service('postgres');
    expect(postgres.image).toMatch(/^postgres:15\.\d+/);
    expect(postgres.healthcheck?.test.join(' ')).toContain('pg_isready');
    const [volume] = postgres.volumes ?? [];
    const [name] = (volume ?? '').split(':');
    expect(Object.keys(compose.volumes)).toContain(name);
  });

  it('migrates in a one-shot service that waits for the database first', () => {
    const migrate = service('migrate');
    expect(migrate.entrypoint?.join(' ')).toMatch(/tally db wait( --timeout \d+)? && tally db migrate/);
    expect(migrate.restart).toBe('no');
    expect(migrate.depends_on?.postgres?.condition).toBe('service_healthy');
  });

  it('starts the app only after the migration succeeded, with its own healthcheck', () => {
    const app = service('app');
    expect(app.depends_on?.migrate?.condition).toBe('service_completed_successfully');
    expect(app.healthcheck?.test).toEqual(['CMD', 'node', '/app/deploy/healthcheck.mjs']);
    expect(app.ports).toEqual(['${TALLY_PORT:-8080}:8080']);
    expect(app.image).toBe(service('migrate').image);
    expect(app.build).toBeDefined();
  });

  it('configures app and migrate from .env files that have committed examples', () => {
    for (const name of ['app', 'migrate', 'postgres']) {
      const files = service(name).env_file ?? [];
      expect(files.length, name).toBeGreaterThan(0);
      for (const file of files) expect(existsSync(repoPath(`${file.path}.example`)), `${file.path}.example`).toBe(true);
    }
    expect(existsSync(repoPath('.env.example'))).toBe(true);
    expect(service('app').environment).toMatchObject({ POSTGRES_HOST: 'postgres' });
  });

  it('hands secrets to the containers as files, never as environment values', () => {
    const secretNames = /PASSWORD|TOKEN|SALT|DATABASE_URL/;
    for (const name of ['app', 'migrate', 'postgres']) {
      const spec = service(name);
      const env = spec.environment ?? {};
      const files = Object.entries(env).filter(([key]) => key.endsWith('_FILE'));
      expect(files.length, name).toBeGreaterThan(0);
      for (const [key, path] of files) {
        const secret = path.replace('/run/secrets/', '');
        expect(spec.secrets, `${name} ${key}`).toContain(secret);
        expect(compose.secrets[secret]?.file, secret).toMatch(/^\.\/secrets\//);
      }
      expect(Object.keys(env).filter((key) => secretNames.test(key) && !key.endsWith('_FILE')), name).toEqual([]);
      for (const file of spec.env_file ?? []) {
        const example = readFileSync(repoPath(`${file.path}.example`), 'utf8');
        expect(example.split('\n').filter((line) => /^[A-Z_]+=/.test(line) && secretNames.test(line.split('=')[0] ?? '')), file.path).toEqual([]);
      }
    }
    expect(readFileSync(repoPath('.gitignore'), 'utf8')).toMatch(/^\/secrets\/$/m);
  });

  it('documents every variable the compose file interpolates in .env.example', () => {
    const text = readFileSync(repoPath('docker-compose.yml'), 'utf8');
    const used = new Set([...text.matchAll(/\$\{(\w+)(?::-[^}]*)?\}/g)].map((m) => m[1]));
    const documented = readFileSync(repoPath('.env.example'), 'utf8');
    for (const name of used) {
      if (name === 'BUILD_NUMBER' || name === 'GIT_COMMIT') continue; // set by CI, not by people
      expect(documented, String(name)).toMatch(new RegExp(`^${name}=`, 'm'));
    }
  });

  it('runs the app read-only, without capabilities', () => {
    const app = service('app');
    expect(app.read_only).toBe(true);
    expect(JSON.stringify(app)).toContain('"cap_drop":["ALL"]');
  });

  it('offers Traefik with TLS in an optional proxy profile, the host taken from a variable', () => {
    const proxy = service('proxy');
    expect(proxy.profiles).toEqual(['proxy']);
    expect(proxy.image).toMatch(/^traefik:v\d+\.\d+\.\d+$/);
    const labels = service('app').labels ?? {};
    expect(labels['traefik.http.routers.tally.rule']).toMatch(/^Host\(`\$\{TALLY_HOSTNAME[^}]*\}`\)$/);
    expect(labels['traefik.http.routers.tally.tls']).toBe('true');
    expect(labels['traefik.http.services.tally.loadbalancer.server.port']).toBe('8080');
    // Plain HTTP only redirects to https, so the app's redirects never leave TLS.
    expect(proxy.command?.join(' ')).toContain('--entrypoints.web.http.redirections.entrypoint.scheme=https');
    expect(readFileSync(repoPath('tally.env.example'), 'utf8')).toMatch(/^TRUST_PROXY=/m);
  });

  it('documents the one command that imports the sample people', () => {
    const text = readFileSync(repoPath('docker-compose.yml'), 'utf8');
    expect(text).toContain('docker compose run --rm -v "$PWD/data:/data:ro" app people import /data/titanic-sample.csv');
    expect(readFileSync(repoPath('docs/deploy.md'), 'utf8')).toContain('app people import /data/titanic-sample.csv');
  });
});
