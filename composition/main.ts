#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { runCli } from '../adapters/cli/cli.js';
import { createCliServices } from './runtime.js';

process.exitCode = await runCli(hideBin(process.argv), createCliServices(process.env));
