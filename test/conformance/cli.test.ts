/**
 * The `stackbox` command as a user runs it (the compiled bin, and `npx stackbox` from the project
 * directory): help for every command, and what `serve` prints for clients to use.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ensureBuilt, repoRoot, startServer, type ServerHandle } from './helpers/server.js';

const BIN = join(repoRoot, 'bin', 'stackbox.js');
function stackbox(args: string[]) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('STACKBOX_')) delete env[k];
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, timeout: 30_000 });
}

before(() => ensureBuilt());

test('stackbox --help lists serve, api, agent and db and exits 0', () => {
  const r = stackbox(['--help']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Usage: stackbox \[options\] \[command\]/);
  for (const cmd of ['serve', 'api', 'agent', 'db'])
    assert.match(r.stdout, new RegExp(`^  ${cmd} `, 'm'), `no ${cmd} in\n${r.stdout}`);
});

const commandOptions: Array<[string[], string[]]> = [
  [
    ['serve'],
    [
      '--port',
      '--host',
      '--memory',
      '--data-dir',
      '--database-url',
      '--clouds-file',
      '--config',
      '--public-url',
      '--log-level',
    ],
  ],
  [['api'], ['--port', '--host', '--database-url', '--clouds-file']],
  [['agent'], ['--database-url', '--hosts']],
  [['db'], ['migrate', 'archive', 'purge']],
  [
    ['db', 'migrate'],
    ['--database-url', '--data-dir', '--memory'],
  ],
  [
    ['db', 'archive'],
    ['--before', '--older-than', '--dry-run', '--batch-size', '--verbose', '--database-url'],
  ],
  [
    ['db', 'purge'],
    ['--before', '--older-than', '--dry-run', '--batch-size', '--verbose', '--database-url'],
  ],
];
for (const [cmd, options] of commandOptions) {
  test(`stackbox ${cmd.join(' ')} --help documents ${options.join(', ')}`, () => {
    const r = stackbox([...cmd, '--help']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^Usage: stackbox ${cmd.join(' ')} `));
    for (const o of options) assert.ok(r.stdout.includes(o), `${cmd.join(' ')} --help lacks ${o}:\n${r.stdout}`);
  });
}

test('an unknown command exits non-zero with an error and the usage', () => {
  const r = stackbox(['no-such-command']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /unknown command 'no-such-command'/);
});

test('stackbox db migrate --memory applies the migrations and says which', () => {
  const r = stackbox(['db', 'migrate', '--memory']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^applied: 0001-initial/);
});

test('npx stackbox serve --help works from the project directory (self-executing its bin)', () => {
  // A private npm cache: npx installs the project into it (running `prepare`) on first use.
  const cache = mkdtempSync(join(tmpdir(), 'stackbox-npx-'));
  try {
    const r = spawnSync('npx', ['--yes', 'stackbox', 'serve', '--help'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, npm_config_cache: cache, npm_config_update_notifier: 'false' },
    });
    assert.equal(r.status, 0, `npx exited ${r.status}\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /^Usage: stackbox serve /);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});

describe('stackbox serve output', () => {
  let s: ServerHandle;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s?.stop();
  });

  test('prints the ready line with its URL and store', () => {
    assert.match(s.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(s.output().includes(`stackbox is serving on ${s.url} (store: :memory:)`), s.output());
  });

  test('prints a clouds.yaml with clouds stackbox (demo) and stackbox-admin (admin), identical to --clouds-file', () => {
    const out = s.output();
    const start = out.indexOf('clouds:\n');
    const end = out.indexOf('\n# or, for the demo user:');
    assert.ok(start > 0 && end > start, out);
    const printed = out.slice(start, end).trim();
    assert.equal(printed, readFileSync(s.cloudsFile, 'utf8').trim());
    const doc = parse(printed) as {
      clouds: Record<string, { auth: Record<string, string>; region_name: string; identity_api_version: number }>;
    };
    assert.deepEqual(Object.keys(doc.clouds).sort(), ['stackbox', 'stackbox-admin']);
    const expectations: Array<[string, string]> = [
      ['stackbox', 'demo'],
      ['stackbox-admin', 'admin'],
    ];
    for (const [name, who] of expectations) {
      const c = doc.clouds[name]!;
      assert.equal(c.auth.auth_url, `${s.url}/identity`);
      assert.equal(c.auth.username, who);
      assert.equal(c.auth.project_name, who);
      assert.equal(c.auth.user_domain_name, 'Default');
      assert.equal(c.auth.project_domain_name, 'Default');
      assert.equal(typeof c.auth.password, 'string');
      assert.equal(c.region_name, 'RegionOne');
      assert.equal(c.identity_api_version, 3);
    }
  });

  test('prints the equivalent OS_* exports for the demo user', () => {
    const exports = Object.fromEntries(
      [...s.output().matchAll(/^export (OS_[A-Z_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]),
    );
    assert.deepEqual(exports, {
      OS_AUTH_URL: `${s.url}/identity`,
      OS_USERNAME: 'demo',
      OS_PASSWORD: 'secret',
      OS_PROJECT_NAME: 'demo',
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_NAME: 'Default',
      OS_IDENTITY_API_VERSION: '3',
      OS_REGION_NAME: 'RegionOne',
    });
  });
});
