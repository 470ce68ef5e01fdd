import { readFileSync } from 'node:fs';

/** Secrets that may be given as a file path in `X_FILE` (Docker and Kubernetes secrets) instead of `X`. */
export const SECRET_VARIABLES = ['DATABASE_URL', 'POSTGRES_PASSWORD', 'ADMIN_TOKEN', 'VISITOR_SALT'] as const;

/** Returns the environment with every `X_FILE` read into `X`, and a problem line for each that cannot be. */
export function resolveSecretFiles(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; problems: string[] } {
  const resolved = { ...env };
  const problems: string[] = [];
  for (const name of SECRET_VARIABLES) {
    const path = env[`${name}_FILE`];
    if (path === undefined || path === '') continue;
    if (env[name] !== undefined && env[name] !== '') {
      problems.push(`${name}_FILE: set either ${name} or ${name}_FILE, not both`);
      continue;
    }
    try {
      // Secret files usually end with a newline that is not part of the secret.
      resolved[name] = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      problems.push(`${name}_FILE: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  return { env: resolved, problems };
}
