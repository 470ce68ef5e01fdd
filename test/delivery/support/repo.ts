import { fileURLToPath } from 'node:url';

/** The repository root, whatever directory vitest was started from. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export function repoPath(relative: string): string {
  return fileURLToPath(new URL(relative, new URL('../../../', import.meta.url)));
}
