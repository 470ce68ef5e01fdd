import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { forbidden } = require('../../.dependency-cruiser.cjs') as { forbidden: unknown[] };

async function violationsIn(baseDir: string, roots: string[]): Promise<string[]> {
  const result = await cruise(roots, {
    baseDir,
    ruleSet: { forbidden } as never,
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    validate: true,
  });
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
}

describe('the dependency rule', () => {
  it('holds for the whole code base: dependencies point inward only', async () => {
    expect(await violationsIn(process.cwd(), ['core', 'adapters', 'composition', 'migrations'])).toEqual([]);
  });

  describe('catches a breach', () => {
    // Inside the repository, so that imports of packages resolve to the real node_modules.
    const sandbox = mkdtempSync(join(import.meta.dirname, '.sandbox-'));
    const write = (path: string, text: string) => {
      mkdirSync(join(sandbox, path, '..'), { recursive: true });
      writeFileSync(join(sandbox, path), text);
    };
    write('core/port.ts', 'export interface Port { run(): void }\n');
    write('core/uses-fastify.ts', "import fastify from 'fastify';\nexport const app = fastify;\n");
    write('core/uses-fs.ts', "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n");
    write('core/uses-adapter.ts', "import { db } from '../adapters/persistence/db.js';\nexport const d = db;\n");
    write('adapters/persistence/db.ts', "export const db = 1;\n");
    write('adapters/http/uses-persistence.ts', "import { db } from '../persistence/db.js';\nexport const x = db;\n");
    write('adapters/cli/uses-root.ts', "import { root } from '../../composition/root.js';\nexport const r = root;\n");
    write('composition/root.ts', "export const root = 1;\n");
    afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

    it('reports a framework, a Node module and an adapter imported by core, and adapters crossing over', async () => {
      const violations = await violationsIn(sandbox, ['core', 'adapters', 'composition']);
      expect(violations).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^core-is-framework-free: core\/uses-fastify\.ts -> .*node_modules\/fastify\//),
          'core-is-framework-free: core/uses-fs.ts -> fs',
          'core-depends-on-nothing-outside-core: core/uses-adapter.ts -> adapters/persistence/db.ts',
          'adapters-are-independent: adapters/http/uses-persistence.ts -> adapters/persistence/db.ts',
          'adapters-do-not-know-the-composition-root: adapters/cli/uses-root.ts -> composition/root.ts',
        ]),
      );
    });
  });
});
