// A refused config with --json: every command that takes --json prints the error body
// {"error":{"code":"config-invalid","message"}} alone on stdout (the problems named in it) and
// the usual `refused:` lines plus `clauster <command>: config refused in FILE; …` on stderr,
// naming the file and the check-config line that rechecks it; exit 2.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runMain } from '../support/cli-run.js';
import { useTempDir } from '../support/temp.js';

const dir = useTempDir();

const COMMANDS: Array<{ name: string; argv: string[] }> = [
  { name: 'start', argv: ['start', 'app'] },
  { name: 'stop', argv: ['stop', 'app'] },
  { name: 'trust', argv: ['trust', 'app'] },
  { name: 'open', argv: ['open', 'app'] },
  { name: 'logs', argv: ['logs', 'app'] },
  { name: 'usage', argv: ['usage', 'app'] },
  { name: 'projects create', argv: ['projects', 'create', 'app'] },
  { name: 'api-token', argv: ['api-token', 'list'] },
  { name: 'backup', argv: ['backup'] },
];

describe('--json with a refused config', () => {
  it('prints only the config-invalid body on stdout, naming the problem, in every command', async () => {
    const configPath = join(dir.path, 'clauster.yml');
    await writeFile(configPath, `state_dir: ${join(dir.path, 'state')}\nport: 99999\n`);
    for (const command of COMMANDS) {
      const argv = [...command.argv, '--json', '-c', configPath];
      const { code, out, err } = await runMain(argv, { home: dir.path });
      assert.equal(code, 2, `${command.name}: exit 2`);
      const body = JSON.parse(out) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'config-invalid', command.name);
      const from = `config refused (1 problem) from ${configPath}: port`;
      assert.ok(body.error.message.startsWith(from), `${command.name}: ${body.error.message}`);
      assert.match(err, /^refused: port/m, command.name);
      const line = `clauster ${command.name}: config refused in ${configPath}; fix it, then recheck with \`clauster check-config -c ${configPath}\`\n`;
      assert.ok(err.endsWith(line), `${command.name}: ${err}`);
    }
  });
});
