import type { CliServices, CliSession, SessionSchema } from './cli-services.js';

/** Opens a session for one command and always closes it, so the process can exit on its own. */
export async function withSession<T>(
  services: CliServices,
  work: (session: CliSession) => Promise<T>,
  options: { schema: SessionSchema } = { schema: 'usable' },
): Promise<T> {
  const session = await services.openSession(options);
  try {
    return await session.run(() => work(session));
  } finally {
    await session.close();
  }
}
