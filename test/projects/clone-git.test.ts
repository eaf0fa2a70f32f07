import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildGitCloneCommand,
  buildGitInitCommand,
  buildGitVersionCommand,
  formatCurlResolve,
  needsAddressPin,
  readGitPath,
} from '../../src/projects/clone-git.js';
import { checkCloneUrl, type ParsedCloneUrl } from '../../src/security/clone-url.js';

function parse(url: string): ParsedCloneUrl {
  const verdict = checkCloneUrl(url, { allowedSchemes: ['https', 'ssh'], allowedPorts: [8443] });
  assert.ok(verdict.ok, verdict.detail);
  return verdict.parsed;
}

const BASE = { dest: '/p/.r.x.clone-tmp/repo', home: '/p/.r.x.clone-tmp/home', path: '/usr/bin' };

describe('buildGitCloneCommand()', () => {
  it('buildGitCloneCommand() locks down the environment exactly', () => {
    const command = buildGitCloneCommand(parse('https://github.com/o/r.git'), ['140.82.112.3'], {
      ...BASE,
      allowedSchemes: ['https', 'ssh'],
    });
    assert.equal(command.file, 'git');
    assert.deepEqual(command.env, {
      GIT_ALLOW_PROTOCOL: 'https:ssh',
      GIT_TERMINAL_PROMPT: '0',
      GIT_ASKPASS: '',
      SSH_ASKPASS: '',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_PROTOCOL_FROM_USER: '0',
      GIT_SSH_COMMAND: 'ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new',
      PATH: '/usr/bin',
      HOME: BASE.home,
    });
  });

  it('buildGitCloneCommand() pins https, disables redirects and puts -- before the URL', () => {
    const command = buildGitCloneCommand(
      parse('https://github.com/o/r.git'),
      ['140.82.112.3', '2606:50c0:8000::154'],
      { ...BASE, allowedSchemes: ['https'], depth: 1 },
    );
    assert.deepEqual(command.args, [
      '-c',
      'protocol.file.allow=never',
      '-c',
      'credential.helper=',
      '-c',
      'http.followRedirects=false',
      '-c',
      'http.curloptResolve=github.com:443:140.82.112.3,[2606:50c0:8000::154]',
      'clone',
      '--progress',
      '--no-tags',
      '--no-recurse-submodules',
      '--depth',
      '1',
      '--',
      'https://github.com/o/r.git',
      BASE.dest,
    ]);
    assert.equal(command.env.GIT_ALLOW_PROTOCOL, 'https');
  });

  it('buildGitCloneCommand() has no resolve pin for ssh and no depth unless asked', () => {
    const command = buildGitCloneCommand(parse('git@github.com:o/r.git'), ['140.82.112.3'], {
      ...BASE,
      allowedSchemes: ['ssh'],
    });
    assert.ok(!command.args.some((arg) => arg.startsWith('http.curloptResolve')));
    assert.ok(!command.args.includes('--depth'));
    assert.deepEqual(command.args.slice(-3), ['--', 'git@github.com:o/r.git', BASE.dest]);
    assert.equal(command.env.GIT_ALLOW_PROTOCOL, 'ssh');
  });
});

describe('formatCurlResolve()', () => {
  it('formatCurlResolve() uses the URL port and brackets IPv6', () => {
    assert.equal(
      formatCurlResolve(parse('https://git.example:8443/r'), ['::1', '10.0.0.1']),
      'git.example:8443:[::1],10.0.0.1',
    );
  });
});

describe('buildGitInitCommand()', () => {
  it('buildGitInitCommand() runs init with main and the same locked environment', () => {
    const command = buildGitInitCommand('/p/new', { path: '/usr/bin' });
    assert.equal(command.file, 'git');
    assert.deepEqual(command.args, [
      '-c',
      'init.defaultBranch=main',
      'init',
      '--quiet',
      '--template=',
      '--',
      '/p/new',
    ]);
    assert.deepEqual(command.env, {
      GIT_TERMINAL_PROMPT: '0',
      GIT_ASKPASS: '',
      SSH_ASKPASS: '',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_PROTOCOL_FROM_USER: '0',
      PATH: '/usr/bin',
      HOME: '/p/new',
    });
  });
});

describe('buildGitVersionCommand()', () => {
  it("buildGitVersionCommand() asks the clone's git with the locked environment in C locale", () => {
    const command = buildGitVersionCommand({ path: '/opt/git/bin', home: '/h' });
    assert.equal(command.file, 'git');
    assert.deepEqual(command.args, ['--version']);
    assert.equal(command.env.PATH, '/opt/git/bin');
    assert.equal(command.env.GIT_CONFIG_NOSYSTEM, '1');
    assert.equal(command.env.GIT_CONFIG_GLOBAL, '/dev/null');
    assert.equal(command.env.LC_ALL, 'C');
    assert.equal(readGitPath({ PATH: '/opt/git/bin' }), '/opt/git/bin');
    assert.equal(readGitPath({}), '/usr/local/bin:/usr/bin:/bin');
  });
});

describe('needsAddressPin()', () => {
  it('needsAddressPin() is true only for https to a host name', () => {
    assert.equal(needsAddressPin(parse('https://github.com/o/r.git')), true);
    assert.equal(needsAddressPin(parse('https://github.com:8443/o/r.git')), true);
    assert.equal(needsAddressPin(parse('https://140.82.112.3/o/r.git')), false);
    assert.equal(needsAddressPin(parse('https://[2606:50c0:8000::154]/o/r.git')), false);
    assert.equal(needsAddressPin(parse('ssh://git@github.com/o/r.git')), false);
    assert.equal(needsAddressPin(parse('git@github.com:o/r.git')), false);
  });
});
