/**
 * The names the seeds' deployments give tally's database variables, so their environment files work unchanged:
 * seed 000 `DB_*`, seed 002 `POSTGRES_USERNAME` / `POSTGRES_DATABASE`, seed 004 `POSTGRES_HOSTNAME`.
 * Listed in the README's configuration table; tally's own name always wins.
 */
export const DATABASE_ENV_ALIASES = {
  POSTGRES_HOST: ['POSTGRES_HOSTNAME', 'DB_HOST'],
  POSTGRES_PORT: ['DB_PORT'],
  POSTGRES_USER: ['POSTGRES_USERNAME', 'DB_USERNAME'],
  POSTGRES_PASSWORD: ['DB_PASSWORD'],
  POSTGRES_DB: ['POSTGRES_DATABASE', 'DB_NAME'],
} as const;

const isSet = (value: string | undefined): value is string => value !== undefined && value !== '';

/**
 * Returns the environment with each of tally's database variables that is unset taken from its aliases, and a
 * problem line for each whose aliases disagree: guessing which one the operator meant could reach the wrong
 * server. Values are never echoed, since one of them is a password.
 */
export function resolveDatabaseAliases(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; problems: string[] } {
  const resolved = { ...env };
  const problems: string[] = [];
  for (const [name, aliases] of Object.entries(DATABASE_ENV_ALIASES)) {
    if (isSet(env[name])) continue;
    const given = aliases.filter((alias) => isSet(env[alias]));
    const values = new Set(given.map((alias) => env[alias]));
    if (values.size > 1) {
      problems.push(`${name}: ${given.join(' and ')} are both set but differ; set ${name} (or only one of them)`);
      continue;
    }
    const [alias] = given;
    if (alias !== undefined) resolved[name] = env[alias];
  }
  return { env: resolved, problems };
}
