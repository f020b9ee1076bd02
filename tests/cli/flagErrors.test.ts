// Bad values given on the command line are blamed on the flag that gave them:
// a `-c` that makes a table with a key missing names that `-c`, not
// config.toml; an --add-dir folder that does not exist is refused up front.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { runCodex, scriptedSuite } from '../support/cli.js';

const t = scriptedSuite();
const exec = (args: string[]) => runCodex(['exec', '--skip-git-repo-check', ...args, 'hi'], { cwd: t.sb.workspace, env: t.sb.env });

describe('-c errors', () => {
  it('a -c that defines a provider without a name blames that -c', async () => {
    const run = await exec(['-c', 'model_providers.extra.base_url="http://127.0.0.1:9/v1"']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Error: -c model_providers.extra.base_url="http://127.0.0.1:9/v1": model_providers.extra.name');
    expect(run.stderr).not.toContain('config.toml');
    expect(t.server.requests).toHaveLength(0);
  });

  it('a -c redefining the built-in openai provider blames that -c', async () => {
    const run = await exec(['-c', 'model_providers.openai.base_url="http://x"']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Error: -c model_providers.openai.base_url="http://x": model_providers.openai:');
  });

  it('the same mistake written in config.toml still blames config.toml', async () => {
    writeFileSync(join(t.sb.home, 'config.toml'), '[model_providers.extra]\nbase_url = "http://127.0.0.1:9/v1"\n', { flag: 'a' });
    const run = await exec([]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Error: ${join(t.sb.home, 'config.toml')}: model_providers.extra.name`);
  });

  it('a type error in a -c value names the -c', async () => {
    const run = await exec(['-c', 'sandbox_workspace_write.network_access=1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Error: -c sandbox_workspace_write.network_access=1: sandbox_workspace_write.network_access: expected a boolean');
  });
});

describe('--add-dir', () => {
  it('a folder that does not exist is refused before anything runs, for exec and sandbox alike', async () => {
    const missing = join(t.sb.workspace, 'not-there');
    const run = await exec(['-s', 'workspace-write', '--add-dir', 'not-there']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`--add-dir ${missing}: no such directory`);
    expect(t.server.requests).toHaveLength(0);
    const sandbox = await runCodex(['sandbox', '--full-auto', '--add-dir', 'not-there', '--', 'true'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(sandbox.code).toBe(1);
    expect(sandbox.stderr).toContain(`--add-dir ${missing}: no such directory`);
  });

  it('a file is not a folder', async () => {
    writeFileSync(join(t.sb.workspace, 'f.txt'), 'x');
    const run = await exec(['--add-dir', 'f.txt']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('f.txt: not a directory');
  });
});
