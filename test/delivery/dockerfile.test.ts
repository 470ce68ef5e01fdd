import { existsSync, readFileSync } from 'node:fs';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { keyValues, parseDockerfile, type Instruction } from './support/dockerfile.js';
import { repoPath } from './support/repo.js';

const text = readFileSync(repoPath('Dockerfile'), 'utf8');
const instructions = parseDockerfile(text);
const finalStage = Math.max(...instructions.map((i) => i.stage));
const final = instructions.filter((i) => i.stage === finalStage);

function all(keyword: string, within: Instruction[] = instructions): Instruction[] {
  return within.filter((i) => i.keyword === keyword);
}

function exec(instruction: Instruction | undefined): string[] {
  if (!instruction) throw new Error('instruction missing');
  return JSON.parse(instruction.args.replace(/^(--\S+\s+)*CMD\s+/, '')) as string[];
}

describe('Dockerfile', () => {
  it('passes dockerfile-utils lint without a single diagnostic', () => {
    expect(validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('builds in stages: install with npm ci and a cache mount, build and prune, then a runtime stage', () => {
    const froms = all('FROM');
    expect(froms.length).toBeGreaterThanOrEqual(3);
    const runs = all('RUN').map((i) => i.args);
    expect(runs).toContainEqual(expect.stringMatching(/^--mount=type=cache,target=\S+ .*npm ci\b/));
    expect(runs).toContainEqual(expect.stringMatching(/npm run build/));
    expect(runs).toContainEqual(expect.stringMatching(/npm prune --omit=dev/));
    // The runtime stage only removes the base image's package managers (npm run test:image checks the result).
    expect(all('RUN', final).map((i) => i.args)).toEqual([expect.stringMatching(/^rm -rf \/usr\/local\/lib\/node_modules .*\/usr\/local\/bin\/npm /)]);
  });

  it('takes production node_modules from a stage fed by package.json and package-lock.json alone', () => {
    expect(all('COPY', final).map((i) => i.args)).toContainEqual('--from=production-deps /app/node_modules ./node_modules');
    const stageOf = (name: string) => instructions.find((i) => i.keyword === 'FROM' && i.args.endsWith(` AS ${name}`))?.stage;
    const inputs = (stage: number | undefined) => instructions.filter((i) => i.stage === stage && (i.keyword === 'COPY' || i.keyword === 'ADD'));
    expect(instructions.find((i) => i.keyword === 'FROM' && i.stage === stageOf('production-deps'))?.args).toBe('deps AS production-deps');
    expect(inputs(stageOf('production-deps'))).toEqual([]);
    expect(inputs(stageOf('deps')).map((i) => i.args)).toEqual(['package.json package-lock.json ./']);
  });

  it('takes its base from a build argument pinned to a Node 24 slim release', () => {
    const globalArgs = instructions.filter((i) => i.stage === -1 && i.keyword === 'ARG');
    const base = keyValues(globalArgs.map((i) => i.args).join(' ')).NODE_IMAGE;
    expect(base).toMatch(/^node:24\.\d+\.\d+-[a-z]+-slim$/);
    for (const from of all('FROM')) expect(from.args).toMatch(/^(\$\{NODE_IMAGE\}|deps|build) AS [\w-]+$/);
    expect(all('FROM').at(-1)?.args).toMatch(/^\$\{NODE_IMAGE\}/);
  });

  it('runs as a numeric non-root user, so Kubernetes can verify runAsNonRoot', () => {
    const users = all('USER', final);
    expect(users).toHaveLength(1);
    const [uid] = (users[0]?.args ?? '').split(':');
    expect(Number(uid)).toBeGreaterThan(0);
  });

  it('makes node itself the process that receives SIGTERM (exec form, no npm, no shell)', () => {
    const entrypoint = exec(all('ENTRYPOINT', final)[0]);
    expect(entrypoint[0]).toBe('node');
    expect(entrypoint[1]).toBe('/app/dist/bundle/main.js');
    expect(exec(all('CMD', final)[0])).toEqual(['serve']);
    expect(JSON.stringify([entrypoint, all('CMD', final)])).not.toMatch(/npm/);
  });

  it('checks health with a node script against /-/healthy, not with curl', () => {
    const [healthcheck] = all('HEALTHCHECK', final);
    expect(healthcheck?.args).toMatch(/--interval=\S+/);
    expect(healthcheck?.args).not.toMatch(/curl|wget/);
    const command = JSON.parse(healthcheck?.args.replace(/^.*?CMD\s+/, '') ?? '[]') as string[];
    expect(command).toEqual(['node', '/app/deploy/healthcheck.mjs']);
    expect(readFileSync(repoPath('deploy/healthcheck.mjs'), 'utf8')).toContain('/-/healthy');
  });

  it('carries OCI labels and bakes BUILD_NUMBER and GIT_COMMIT from build arguments into the environment', () => {
    const labels = keyValues(all('LABEL', final).map((i) => i.args).join(' '));
    for (const key of ['title', 'description', 'source', 'licenses', 'version', 'revision', 'created']) {
      expect(labels[`org.opencontainers.image.${key}`], key).toBeTruthy();
    }
    expect(labels['org.opencontainers.image.revision']).toBe('${GIT_COMMIT}');
    const args = all('ARG', final).map((i) => i.args.split('=')[0]);
    expect(args).toEqual(expect.arrayContaining(['BUILD_NUMBER', 'GIT_COMMIT', 'VERSION']));
    const env = keyValues(all('ENV', final).map((i) => i.args).join(' '));
    expect(env).toMatchObject({ BUILD_NUMBER: '${BUILD_NUMBER}', GIT_COMMIT: '${GIT_COMMIT}', PORT: '8080', NODE_ENV: 'production' });
  });

  it('exposes 8080 and copies only files that exist in the repository', () => {
    expect(all('EXPOSE', final).map((i) => i.args)).toEqual(['8080']);
    const localSources = all('COPY')
      .filter((i) => !i.args.includes('--from='))
      .flatMap((i) => i.args.split(/\s+/).filter((part) => !part.startsWith('--')).slice(0, -1))
      .filter((source) => source !== '.');
    expect(localSources.length).toBeGreaterThan(0);
    for (const source of localSources) expect(existsSync(repoPath(source)), source).toBe(true);
  });
});

describe('.dockerignore', () => {
  const ignored = readFileSync(repoPath('.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

  it('keeps secrets, local state and host-built artefacts out of the build context', () => {
    expect(ignored).toEqual(expect.arrayContaining(['.git', 'node_modules', 'dist', '.env', '**/*.env', '.tally', 'coverage', 'test']));
  });

  it('keeps what the image build needs', () => {
    for (const needed of ['package.json', 'package-lock.json', 'deploy', 'deploy/healthcheck.mjs', 'deploy/bin']) {
      expect(ignored, needed).not.toContain(needed);
    }
  });
});
