#!/usr/bin/env node
// Runs the compiled CLI (built by `npm ci` through the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'cli', 'main.js');
if (!existsSync(compiled)) {
  console.error('stackbox: dist/ is missing; run `npm ci` (or `npm run build`) in ' + root);
  process.exit(1);
}
const { main } = await import(compiled);
await main(process.argv);
