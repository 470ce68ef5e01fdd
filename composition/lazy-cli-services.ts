import cluster from 'node:cluster';
import type { CliServices } from '../adapters/cli/cli-services.js';
import { CommandFailure } from '../adapters/cli/command-failure.js';
import { loadConfig } from './config.js';
import type { RuntimeHooks } from './http-server.js';
import { execWithBoundedMemory } from './memory-bounds.js';
import { serveAsWorker, superviseWorkers } from './worker-cluster.js';

/**
 * The command line's services with the runtime — MikroORM, PGlite, Fastify and their plugins, about half a
 * second of module loading — imported only once a command needs the database: `tally --help`, a usage error
 * and `tally version` never load it, and neither does the primary of `TALLY_WORKERS` cluster workers.
 */
export function createLazyCliServices(env: NodeJS.ProcessEnv, hooks: RuntimeHooks): CliServices {
  let services: Promise<CliServices> | undefined;
  const runtime = () => {
    execWithBoundedMemory();
    return (services ??= import('./cli-services.js').then((module) => module.createCliServices(env, hooks)));
  };
  return {
    version: () => loadConfig(env).version,
    openSession: async (options) => (await runtime()).openSession(options),
    async serve(options) {
      const { workers } = loadConfig(env);
      if (cluster.isWorker) return serveAsWorker(async () => (await runtime()).serve(options));
      if (workers === 1) return (await runtime()).serve(options);
      // The primary loads no runtime, but its workers start with its flags and environment: bound it before forking.
      execWithBoundedMemory();
      const code = await superviseWorkers(workers);
      if (code !== 0) throw new CommandFailure(`a worker exited with code ${code}`, code);
    },
  };
}
