import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findConfigFile, loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/config/problems.js';
import { createNodeDeps } from '../../src/system/node.js';
import { useTempDir } from '../support/temp.js';

const root = useTempDir();

function deps(env: Record<string, string> = {}) {
  return createNodeDeps({ HOME: join(root.path, 'home'), ...env });
}

async function write(name: string, text: string): Promise<string> {
  const path = join(root.path, name);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, text);
  return path;
}

async function problemsOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message;
  }
  assert.fail('expected a ConfigError');
}

describe('findConfigFile()', () => {
  it('findConfigFile() prefers --config, then $CLAUSTER_CONFIG, ./clauster.yml, $CLAUSTER_HOME', async () => {
    const cwd = join(root.path, 'cwd');
    await write('cwd/clauster.yml', 'port: 1\n');
    await write('chome/clauster.yml', 'port: 2\n');
    const env = { CLAUSTER_CONFIG: 'env.yml', CLAUSTER_HOME: join(root.path, 'chome') };
    assert.equal(
      await findConfigFile({ cwd, configPath: 'flag.yml' }, deps(env)),
      join(cwd, 'flag.yml'),
    );
    assert.equal(await findConfigFile({ cwd }, deps(env)), join(cwd, 'env.yml'));
    assert.equal(
      await findConfigFile({ cwd }, deps({ CLAUSTER_HOME: env.CLAUSTER_HOME })),
      join(cwd, 'clauster.yml'),
    );
    assert.equal(
      await findConfigFile({ cwd: root.path }, deps({ CLAUSTER_HOME: env.CLAUSTER_HOME })),
      join(root.path, 'chome', 'clauster.yml'),
    );
    assert.equal(await findConfigFile({ cwd: root.path }, deps()), null);
  });
});

describe('loadConfig()', () => {
  it('loadConfig() without a file gives defaults with state in ~/.clauster', async () => {
    const loaded = await loadConfig({ cwd: root.path }, deps());
    assert.equal(loaded.source, null);
    assert.equal(loaded.config.host, '127.0.0.1');
    assert.equal(loaded.config.port, 7621);
    assert.equal(loaded.config.state_dir, join(root.path, 'home', '.clauster'));
    assert.equal(loaded.config.auth.session_max_age_seconds, 604800);
    assert.equal(loaded.config.claude.stop_grace_seconds, 10);
    assert.equal(loaded.config.reaper.api_base_url, 'https://api.anthropic.com');
    assert.equal(loaded.config.projects_root, undefined);
  });

  it('loadConfig() refuses a missing --config file', async () => {
    const text = await problemsOf(
      loadConfig({ cwd: root.path, configPath: 'missing.yml' }, deps()),
    );
    assert.match(text, /\(file\): expected a readable config file, found ENOENT/);
  });

  it('loadConfig() keeps types exact: "7777" is not a port, "false" is not a boolean', async () => {
    const path = await write(
      'c.yml',
      'port: "7777"\nauth:\n  cookie_secure: false\n  enabled: "false"\n',
    );
    const text = await problemsOf(loadConfig({ cwd: root.path, configPath: path }, deps()));
    assert.match(text, /^port: expected a number, found the string "7777"$/m);
    assert.match(text, /^auth\.enabled: expected a boolean, found the string "false"$/m);
    assert.match(
      text,
      /^auth\.cookie_secure: expected one of "auto", "always", "never", found boolean false$/m,
    );
  });

  it('loadConfig() refuses unknown keys with a did-you-mean hint, at any depth', async () => {
    const path = await write(
      'c.yml',
      'auht:\n  enabled: true\nauth:\n  reverse_proxy:\n    trusted_ip: []\nprojects:\n  app:\n    autostrat: true\nzzzzzzzz: 1\n',
    );
    const text = await problemsOf(loadConfig({ cwd: root.path, configPath: path }, deps()));
    assert.match(
      text,
      /^auht: expected a known key \(did you mean `auth`\?\), found an unknown key$/m,
    );
    assert.match(text, /^auth\.reverse_proxy\.trusted_ip: .*did you mean `trusted_ips`/m);
    assert.match(text, /^projects\.app\.autostrat: .*did you mean `autostart`/m);
    assert.match(text, /^zzzzzzzz: expected a known key, found an unknown key$/m);
  });

  it('loadConfig() accepts keys of the Python original with one warning each', async () => {
    const path = await write(
      'c.yml',
      'usage:\n  show_cost: true\nclaustrum:\n  enabled: false\nclaude:\n  launch_mode: pty\n  node_from_nvm: true\n',
    );
    const loaded = await loadConfig({ cwd: root.path, configPath: path }, deps());
    assert.deepEqual(
      loaded.warnings.map((w) => w.split(':')[0]),
      ['claustrum', 'claude.launch_mode', 'claude.node_from_nvm', 'usage.show_cost'],
    );
    assert.match(
      loaded.warnings[3] ?? '',
      /deprecated .*read as usage\.mode: cost; write usage\.mode instead/,
    );
    assert.equal(loaded.config.usage.mode, 'cost');
  });

  it('loadConfig() keeps the legacy-key warnings on a refusal for another reason', async () => {
    const path = await write('c.yml', 'claustrum:\n  enabled: false\nport: "7777"\n');
    const error = await loadConfig({ cwd: root.path, configPath: path }, deps()).then(
      () => assert.fail('expected a refusal'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof ConfigError);
    assert.equal(error.problems[0]?.path, 'port');
    assert.deepEqual(
      error.warnings.map((w) => w.split(':')[0]),
      ['claustrum'],
    );
  });

  it('loadConfig() accepts permission_mode: inherit in instance_defaults and per project', async () => {
    const path = await write(
      'c.yml',
      'instance_defaults:\n  permission_mode: inherit\nprojects:\n  app:\n    permission_mode: inherit\n',
    );
    const { config } = await loadConfig({ cwd: root.path, configPath: path }, deps());
    assert.equal(config.instance_defaults.permission_mode, 'inherit');
    assert.equal(config.projects.app?.permission_mode, 'inherit');
  });

  it('loadConfig() resolves tls.cert_file and tls.key_file like other paths (~ and relative)', async () => {
    const path = await write(
      'conf/clauster.yml',
      'tls:\n  cert_file: ~/tls/cert.pem\n  key_file: key.pem\n',
    );
    const { config } = await loadConfig({ cwd: root.path, configPath: path }, deps());
    assert.equal(config.tls.cert_file, join(root.path, 'home', 'tls', 'cert.pem'));
    assert.equal(config.tls.key_file, join(root.path, 'conf', 'key.pem'));
    assert.deepEqual([config.tls.provision, config.tls.hostnames], ['off', []]);
  });

  it('loadConfig() takes tls keys from CLAUSTER_TLS_* variables', async () => {
    const env = { CLAUSTER_TLS_CERT_FILE: '/etc/c.pem', CLAUSTER_TLS_HOSTNAMES: 'a.lan, b.lan' };
    const { config } = await loadConfig({ cwd: root.path }, deps(env));
    assert.equal(config.tls.cert_file, '/etc/c.pem');
    assert.deepEqual(config.tls.hostnames, ['a.lan', 'b.lan']);
  });

  it('loadConfig() resolves relative *_file, state_dir and binary paths against the config directory', async () => {
    await write('conf/proxy.secret', `${'k'.repeat(40)}\n`);
    const path = await write(
      'conf/clauster.yml',
      'state_dir: state\nprojects_root: ~/code\nclaude:\n  binary: ./bin/claude\nauth:\n  session_secret_file: s.secret\n  reverse_proxy:\n    shared_secret_file: proxy.secret\n',
    );
    const { config } = await loadConfig({ cwd: root.path, configPath: path }, deps());
    assert.equal(config.state_dir, join(root.path, 'conf', 'state'));
    assert.equal(config.projects_root, join(root.path, 'home', 'code'));
    assert.equal(config.claude.binary, join(root.path, 'conf', 'bin', 'claude'));
    assert.equal(config.auth.session_secret_file, join(root.path, 'conf', 's.secret'));
    assert.equal(config.auth.reverse_proxy.shared_secret, 'k'.repeat(40));
  });

  it('loadConfig() refuses shared_secret together with shared_secret_file, and an unreadable one', async () => {
    const both = await write(
      'a.yml',
      'auth:\n  reverse_proxy:\n    shared_secret: FAKEFAKEFAKE\n    shared_secret_file: x\n',
    );
    assert.match(
      await problemsOf(loadConfig({ cwd: root.path, configPath: both }, deps())),
      /only one of/,
    );
    const missing = await write('b.yml', 'auth:\n  reverse_proxy:\n    shared_secret_file: nope\n');
    assert.match(
      await problemsOf(loadConfig({ cwd: root.path, configPath: missing }, deps())),
      /ENOENT/,
    );
  });

  it('loadConfig() never echoes a secret or hash in a problem', async () => {
    const fake = `FAKE${'0'.repeat(28)}`;
    const path = await write(
      'c.yml',
      `auth:\n  password_hash: 12\n  api_token_hash: ${fake}\n  reverse_proxy:\n    shared_secret: ["${fake}"]\nobservability:\n  metrics_token_hash: "${fake}"\nclaude:\n  env:\n    TOKEN: 5\n`,
    );
    const text = await problemsOf(loadConfig({ cwd: root.path, configPath: path }, deps()));
    assert.equal(text.includes(fake), false);
    assert.match(text, /^auth\.api_token_hash: expected a SHA-256 digest.*, found <redacted>$/m);
    assert.match(text, /^observability\.metrics_token_hash: .*found <redacted>$/m);
    assert.match(text, /^claude\.env\.TOKEN: expected a string, found <redacted>$/m);
  });

  it('loadConfig() caps session_max_age_seconds at 30 days', async () => {
    const path = await write('c.yml', 'auth:\n  session_max_age_seconds: 2592001\n');
    assert.match(
      await problemsOf(loadConfig({ cwd: root.path, configPath: path }, deps())),
      /session_max_age_seconds: expected a value <= 2592000/,
    );
  });
});
