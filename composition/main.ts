#!/usr/bin/env node
import { execWithBoundedMemory } from './memory-bounds.js';
import type { RuntimeHooks } from './http-server.js';

// Tracing must be set up before `pg` and `http` are first imported, or their instrumentation cannot patch them;
// hence the dynamic imports below. Without an endpoint the SDK is never even loaded: tracing off costs nothing.
let hooks: RuntimeHooks = {};
if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) {
  // The SDK loads before the command line is read: bound the memory first rather than load it twice.
  execWithBoundedMemory();
  const { startTelemetry } = await import('./telemetry.js');
  hooks = { shutdownTelemetry: await startTelemetry() };
}

const { hideBin } = await import('yargs/helpers');
const { runCli } = await import('../adapters/cli/cli.js');
const { createLazyCliServices } = await import('./lazy-cli-services.js');

process.exitCode = await runCli(hideBin(process.argv), createLazyCliServices(process.env, hooks));
// Commands other than serve (db migrate, …) end here: their spans are flushed before the process exits.
await hooks.shutdownTelemetry?.();
// A command that failed may still hold sockets to a database that stopped answering (a partition), and a serve
// whose shutdown outlasted its grace period may too: nothing is left to do, so leave rather than wait for them.
if (process.exitCode !== 0) process.exit();
