import { cleanEnv, makeValidator, port, str, url } from 'envalid';
import packageJson from '../package.json' with { type: 'json' };
import { type DatabaseConfig, DEFAULT_DATABASE_TIMEOUTS } from '../adapters/persistence/database-config.js';
import { ConfigError } from './config-error.js';
import { resolveDatabaseAliases } from './database-env-aliases.js';
import { resolveSecretFiles } from './secret-files.js';

export interface Config {
  readonly database: DatabaseConfig;
  readonly http: {
    readonly host: string;
    readonly port: number;
    /** As Fastify takes it: false, true, a hop count, or trusted addresses and CIDR ranges. */
    readonly trustProxy: boolean | number | string;
  };
  readonly logLevel: string;
  readonly owner: { readonly name: string; readonly url?: string };
  readonly version: { readonly version: string; readonly build: string; readonly commit: string };
  readonly adminToken?: string;
  /** Unset means: the embedded database keeps its own salt in its data directory. */
  readonly visitorSalt?: string;
  /** Processes serving HTTP (TALLY_WORKERS): above 1, `tally serve` runs that many cluster workers. */
  readonly workers: number;
  readonly shutdownGraceMs: number;
  /** How long readiness keeps answering 503 on SIGTERM before the listener closes (0: close at once). */
  readonly shutdownDrainMs: number;
  readonly operations: OperationsConfig;
}

/** Operational limits and formats, read by the HTTP adapter (see README, "Operating tally"). */
export interface OperationsConfig {
  /** A database that does not answer within this long makes readiness 503 instead of hanging the probe. */
  readonly readinessTimeoutMs: number;
  readonly bodyLimitBytes: number;
  /** Writes (POST, PUT, PATCH, DELETE) per client per minute; 0 turns the limit off. */
  readonly rateLimitWritesPerMinute: number;
  readonly logFormat: 'json' | 'pretty';
  /** A client must have sent all its request headers within this long, or its connection is closed (408). */
  readonly headersTimeoutMs: number;
  /** A client must have sent its whole request, body included, within this long. */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  readonly keepAliveTimeoutMs: number;
  /** Requests one process handles at once; more get an immediate 503 instead of queueing. 0 turns the bound off. */
  readonly maxRequestsInFlight: number;
  /** Mean event-loop delay above which requests get a fast 503 instead of queueing; 0 turns the check off. */
  readonly maxEventLoopDelayMs: number;
  /** Queries waiting for a pooled connection above which requests get a fast 503; 0 turns the check off. */
  readonly maxDatabaseQueue: number;
}

const trustProxy = makeValidator<boolean | number | string>((value) => {
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  if (/^[0-9a-fA-F.:/,\s]+$/.test(value)) return value;
  throw new Error('must be true, false, a number of proxy hops, or comma-separated addresses or CIDR ranges');
});

const positiveInteger = makeValidator<number>((value) => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error('must be a whole number of at least 1');
  return Number(value);
});

const nonNegativeInteger = makeValidator<number>((value) => {
  if (!/^\d+$/.test(value)) throw new Error('must be a whole number, 0 or more');
  return Number(value);
});

const nonNegativeSeconds = makeValidator<number>((value) => {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0) throw new Error('must be a number of seconds, 0 or more');
  return seconds;
});

const positiveSeconds = makeValidator<number>((value) => {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) throw new Error('must be a number of seconds above 0');
  return seconds;
});

/**
 * JSON lines are what log collectors read; a developer at a terminal gets pino-pretty instead. Production
 * (NODE_ENV=production) never defaults to pretty: pino-pretty is a development dependency only.
 */
function defaultLogFormat(env: NodeJS.ProcessEnv): 'json' | 'pretty' {
  return env.NODE_ENV !== 'production' && process.stdout.isTTY ? 'pretty' : 'json';
}

const secret16 = makeValidator<string>((value) => {
  // Short secrets can be guessed; an operator wants that caught at start-up, not after a breach.
  if (value.length < 16) throw new Error('must be at least 16 characters');
  return value;
});

/** Reads the whole configuration once, reporting every bad variable at the same time. */
export function loadConfig(rawEnv: NodeJS.ProcessEnv): Config {
  const secrets = resolveSecretFiles(rawEnv);
  const { env, problems: aliasProblems } = resolveDatabaseAliases(secrets.env);
  const problems = [...secrets.problems, ...aliasProblems];
  const validated = cleanEnv(
    env,
    {
      DATABASE_URL: url({ default: undefined }),
      POSTGRES_HOST: str({ default: undefined }),
      POSTGRES_PORT: port({ default: 5432 }),
      POSTGRES_USER: str({ default: 'postgres' }),
      POSTGRES_PASSWORD: str({ default: '' }),
      POSTGRES_DB: str({ default: 'tally' }),
      DATABASE_POOL_SIZE: positiveInteger({ default: 10 }),
      DATABASE_CONNECT_TIMEOUT_SECONDS: positiveSeconds({ default: DEFAULT_DATABASE_TIMEOUTS.connectMs / 1000 }),
      DATABASE_STATEMENT_TIMEOUT_SECONDS: positiveSeconds({ default: DEFAULT_DATABASE_TIMEOUTS.statementMs / 1000 }),
      TALLY_DATA_DIR: str({ default: './.tally' }),
      HOST: str({ default: '0.0.0.0' }),
      PORT: port({ default: 8080 }),
      LOG_LEVEL: str({ default: 'info', choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] }),
      TRUST_PROXY: trustProxy({ default: false }),
      USER_NAME: str({ default: 'tally' }),
      USER_URL: url({ default: undefined }),
      BUILD_NUMBER: str({ default: 'local' }),
      GIT_COMMIT: str({ default: 'unknown' }),
      ADMIN_TOKEN: secret16({ default: undefined }),
      VISITOR_SALT: secret16({ default: undefined }),
      TALLY_WORKERS: positiveInteger({ default: 1 }),
      SHUTDOWN_GRACE_SECONDS: nonNegativeSeconds({ default: 10 }),
      SHUTDOWN_DRAIN_SECONDS: nonNegativeSeconds({ default: 0 }),
      READINESS_TIMEOUT_SECONDS: positiveSeconds({ default: 2 }),
      BODY_LIMIT_BYTES: positiveInteger({ default: 64 * 1024 }),
      RATE_LIMIT_WRITES_PER_MINUTE: nonNegativeInteger({ default: 120 }),
      HTTP_HEADERS_TIMEOUT_SECONDS: positiveSeconds({ default: 10 }),
      HTTP_REQUEST_TIMEOUT_SECONDS: positiveSeconds({ default: 30 }),
      // Above the 60 s idle timeout of common load balancers, so that the balancer closes idle connections first
      // and never sends a request down one that tally is closing.
      HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: positiveSeconds({ default: 65 }),
      // Ten per pooled connection at the default pool, like the queue below: twice what a busy, healthy process
      // holds (requests per second × their duration: 5 000 × 10 ms is 50), and low enough that what it admits does
      // not wait out its timeouts in the pool's queue (at 200, a burst of 2 000 connections got such 503s).
      OVERLOAD_MAX_REQUESTS_IN_FLIGHT: nonNegativeInteger({ default: 100 }),
      OVERLOAD_EVENT_LOOP_DELAY_MS: nonNegativeInteger({ default: 1000 }),
      // Ten waiting queries per pooled connection: at a few ms a query, a wait far below any client's patience.
      OVERLOAD_MAX_DATABASE_QUEUE: nonNegativeInteger({ default: 100 }),
      LOG_FORMAT: str({ choices: ['json', 'pretty'] as const, default: defaultLogFormat(env) }),
      // Read by the OpenTelemetry SDK itself (composition/telemetry.ts); checked here so a bad one is named.
      OTEL_EXPORTER_OTLP_ENDPOINT: url({ default: undefined }),
    },
    {
      reporter: ({ errors }) => {
        for (const [name, error] of Object.entries(errors)) {
          problems.push(`${name}: ${(error as Error).message}`);
        }
      },
    },
  );
  // A variable that fails validation is left out of envalid's result, whose strict proxy then throws a
  // ReferenceError on reading it; a plain copy reads it as undefined, so its problem line is what gets reported.
  const cleaned = { ...validated };
  const database = databaseConfig(cleaned);
  if (database.kind === 'server' && !cleaned.VISITOR_SALT) {
    problems.push('VISITOR_SALT: required with a PostgreSQL server, so that every replica hashes visitors alike');
  }
  if (database.kind === 'embedded' && cleaned.TALLY_WORKERS > 1) {
    problems.push('TALLY_WORKERS: must be 1 with the embedded database, which one process opens at a time; set DATABASE_URL for more');
  }
  if (cleaned.HTTP_HEADERS_TIMEOUT_SECONDS > cleaned.HTTP_REQUEST_TIMEOUT_SECONDS) {
    problems.push('HTTP_HEADERS_TIMEOUT_SECONDS: must not exceed HTTP_REQUEST_TIMEOUT_SECONDS (the headers are part of the request)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    database,
    http: { host: cleaned.HOST, port: cleaned.PORT, trustProxy: cleaned.TRUST_PROXY },
    logLevel: cleaned.LOG_LEVEL,
    owner: { name: cleaned.USER_NAME, ...(cleaned.USER_URL ? { url: cleaned.USER_URL } : {}) },
    version: { version: packageJson.version, build: cleaned.BUILD_NUMBER, commit: cleaned.GIT_COMMIT },
    ...(cleaned.ADMIN_TOKEN ? { adminToken: cleaned.ADMIN_TOKEN } : {}),
    ...(cleaned.VISITOR_SALT ? { visitorSalt: cleaned.VISITOR_SALT } : {}),
    workers: cleaned.TALLY_WORKERS,
    shutdownGraceMs: cleaned.SHUTDOWN_GRACE_SECONDS * 1000,
    shutdownDrainMs: cleaned.SHUTDOWN_DRAIN_SECONDS * 1000,
    operations: {
      readinessTimeoutMs: cleaned.READINESS_TIMEOUT_SECONDS * 1000,
      bodyLimitBytes: cleaned.BODY_LIMIT_BYTES,
      rateLimitWritesPerMinute: cleaned.RATE_LIMIT_WRITES_PER_MINUTE,
      logFormat: cleaned.LOG_FORMAT,
      headersTimeoutMs: cleaned.HTTP_HEADERS_TIMEOUT_SECONDS * 1000,
      requestTimeoutMs: cleaned.HTTP_REQUEST_TIMEOUT_SECONDS * 1000,
      keepAliveTimeoutMs: cleaned.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS * 1000,
      maxRequestsInFlight: cleaned.OVERLOAD_MAX_REQUESTS_IN_FLIGHT,
      maxEventLoopDelayMs: cleaned.OVERLOAD_EVENT_LOOP_DELAY_MS,
      maxDatabaseQueue: cleaned.OVERLOAD_MAX_DATABASE_QUEUE,
    },
  };
}

function databaseConfig(env: {
  DATABASE_URL?: string | undefined;
  POSTGRES_HOST?: string | undefined;
  POSTGRES_PORT: number;
  POSTGRES_USER: string;
  POSTGRES_PASSWORD: string;
  POSTGRES_DB: string;
  DATABASE_POOL_SIZE: number;
  DATABASE_CONNECT_TIMEOUT_SECONDS: number;
  DATABASE_STATEMENT_TIMEOUT_SECONDS: number;
  TALLY_DATA_DIR: string;
}): DatabaseConfig {
  const server = {
    kind: 'server',
    poolSize: env.DATABASE_POOL_SIZE,
    timeouts: {
      connectMs: env.DATABASE_CONNECT_TIMEOUT_SECONDS * 1000,
      statementMs: env.DATABASE_STATEMENT_TIMEOUT_SECONDS * 1000,
    },
  } as const;
  if (env.DATABASE_URL) return { ...server, url: env.DATABASE_URL };
  if (env.POSTGRES_HOST) {
    const target = new URL('postgres://localhost');
    target.hostname = env.POSTGRES_HOST;
    target.port = String(env.POSTGRES_PORT);
    // The URL setters leave "%" (and more) as it is, but MikroORM percent-decodes user and password: encode fully.
    target.username = encodeURIComponent(env.POSTGRES_USER);
    target.password = encodeURIComponent(env.POSTGRES_PASSWORD);
    target.pathname = `/${env.POSTGRES_DB}`;
    return { ...server, url: target.toString() };
  }
  return { kind: 'embedded', dataDir: env.TALLY_DATA_DIR };
}
