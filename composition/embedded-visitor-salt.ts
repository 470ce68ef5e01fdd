import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The embedded database is one developer's: rather than ask for a salt, it keeps a random one beside its data,
 * created once, so unique-visitor counts survive restarts.
 */
export async function embeddedVisitorSalt(dataDir: string): Promise<string> {
  const path = join(dataDir, 'visitor-salt');
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const salt = randomBytes(32).toString('base64url');
  await writeFile(path, salt, { mode: 0o600, flag: 'wx' });
  return salt;
}
