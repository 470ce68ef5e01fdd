#!/usr/bin/env node
// node bench/seed.mjs DATABASE_URL — seeds a migrated, empty tally database with the scale data of lib/seed.mjs.
import { performance } from 'node:perf_hooks';
import { seed } from './lib/seed.mjs';

const url = process.argv[2] ?? process.env.DATABASE_URL;
if (!url) {
  console.error('usage: node bench/seed.mjs DATABASE_URL (a migrated, empty tally database)');
  process.exit(2);
}
const started = performance.now();
const sizes = await seed(url);
console.log(`seeded ${sizes.users} users and ${sizes.visits} visits over ${sizes.days} days in ${((performance.now() - started) / 1000).toFixed(0)} s`);
