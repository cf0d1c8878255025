// Runs node's test runner over every *.test.ts below the given folders, through the tsx loader.
// (Node 20's --test does not expand globs itself.)
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(dir, out) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const args = process.argv.slice(2);
const dirs = args.filter((a) => !a.startsWith('--'));
const files = dirs.flatMap((d) => collect(d, []));
if (files.length === 0) {
  console.error('no test files found under', dirs.join(' '));
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files],
  { stdio: 'inherit', env: process.env },
);
process.exit(result.status ?? 1);
