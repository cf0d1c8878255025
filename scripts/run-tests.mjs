// Runs node's test runner over every *.test.ts below the given folders, through the tsx loader.
// (Node 20's --test does not expand globs itself.)
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

function collect(dir, out) {
  if (!existsSync(dir)) return out;
  // a single test file may be named too
  if (!statSync(dir).isDirectory()) return dir.endsWith('.test.ts') ? [...out, dir] : out;
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

/**
 * PostgreSQL runs: each test file works in a private schema t_<run><hex> (test/helpers/app.ts
 * testSchemaName); this run's are dropped when it ends. Only this run's: another run on the same
 * database (a developer's beside CI's) keeps its schemas while it is still using them.
 */
const run = randomBytes(3).toString('hex');
async function dropRunSchemas() {
  const url = process.env.STACKBOX_TEST_DATABASE_URL;
  if (!url) return;
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query('SELECT nspname FROM pg_namespace WHERE nspname ~ $1', [`^t_${run}[0-9a-f]{6}$`]);
  for (const r of rows) await client.query(`DROP SCHEMA IF EXISTS "${r.nspname}" CASCADE`);
  await client.end();
}

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files],
  { stdio: 'inherit', env: { ...process.env, STACKBOX_TEST_RUN: run } },
);
await dropRunSchemas();
process.exit(result.status ?? 1);
