/** One Dockerfile instruction, continuation lines joined, with the stage it belongs to. */
export interface Instruction {
  keyword: string;
  args: string;
  stage: number;
}

/**
 * A small Dockerfile reader for the invariants the tests check (the linter, dockerfile-utils, covers syntax).
 * Joins backslash continuations, drops comments and blank lines, and numbers stages from each FROM
 * (instructions before the first FROM are stage -1: global build arguments).
 */
export function parseDockerfile(text: string): Instruction[] {
  const logical: string[] = [];
  let pending = '';
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (pending === '' && (trimmed === '' || trimmed.startsWith('#'))) continue;
    if (trimmed.startsWith('#')) continue;
    if (trimmed.endsWith('\\')) {
      pending += `${trimmed.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(`${pending}${trimmed}`.trim());
    pending = '';
  }
  let stage = -1;
  return logical.map((line) => {
    const [keyword = '', ...rest] = line.split(/\s+/);
    if (keyword.toUpperCase() === 'FROM') stage += 1;
    return { keyword: keyword.toUpperCase(), args: rest.join(' '), stage };
  });
}

/** `KEY=value KEY2="x y"` pairs of an ENV, LABEL or ARG instruction. */
export function keyValues(args: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const match of args.matchAll(/([\w.-]+)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
    const [, key = '', raw = ''] = match;
    pairs[key] = raw.startsWith('"') ? raw.slice(1, -1) : raw;
  }
  return pairs;
}
