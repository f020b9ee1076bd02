// `codex exec` flags that behave as Codex 0.169's: -p NAME reads
// $CODEX_HOME/NAME.config.toml (the [profiles.NAME] table still works,
// deprecated), -i takes a comma-separated list, -o is checked before the turn.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { responses as R } from '../support/scriptedServer.js';
import { runCodex, scriptedSuite } from '../support/cli.js';
import { codexReferenceBin } from '../support/codexReference.js';
import { runReferenceCodex } from '../support/referenceCli.js';

const t = scriptedSuite();
const reference = codexReferenceBin();

// The smallest valid PNG (1x1, transparent).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

const exec = (args: string[]) => runCodex(['exec', '--skip-git-repo-check', ...args], { cwd: t.sb.workspace, env: t.sb.env });

describe('-p / --profile', () => {
  it('-p NAME layers $CODEX_HOME/NAME.config.toml', async () => {
    writeFileSync(join(t.sb.home, 'work.config.toml'), 'model = "profile-file-model"\n');
    t.server.enqueue(R.text('ok'));
    const run = await exec(['--json', '-p', 'work', 'hi']);
    expect(run.code, run.stderr).toBe(0);
    expect(t.server.requests[0]!.body.model).toBe('profile-file-model');
    expect(run.stdout + run.stderr).not.toContain('deprecated');
  });

  it('the [profiles.NAME] table still works, with a deprecation warning naming the file to move it to', async () => {
    writeFileSync(join(t.sb.home, 'config.toml'), readFileSync(join(t.sb.home, 'config.toml'), 'utf8') + '\n[profiles.old]\nmodel = "table-model"\n');
    t.server.enqueue(R.text('ok'));
    const run = await exec(['-p', 'old', 'hi']);
    expect(run.code, run.stderr).toBe(0);
    expect(t.server.requests[0]!.body.model).toBe('table-model');
    expect(run.stderr).toContain('[profiles.old] is deprecated');
    expect(run.stderr).toContain(join(t.sb.home, 'old.config.toml'));
  });

  it('both the file and the table is an error before any request, as in Codex', async () => {
    writeFileSync(join(t.sb.home, 'config.toml'), readFileSync(join(t.sb.home, 'config.toml'), 'utf8') + '\n[profiles.both]\nmodel = "a"\n');
    writeFileSync(join(t.sb.home, 'both.config.toml'), 'model = "b"\n');
    const run = await exec(['-p', 'both', 'hi']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--profile `both` cannot be used while');
    expect(t.server.requests).toHaveLength(0);
    if (reference) {
      const ref = await runReferenceCodex(reference, ['exec', '--skip-git-repo-check', '-p', 'both', 'hi'], { cwd: t.sb.workspace, env: t.sb.env });
      expect(ref.code).toBe(1);
      expect(ref.stderr).toContain('--profile `both` cannot be used while');
    }
  });
});

describe('-i / --image', () => {
  it('takes a comma-separated list as well as repeats', async () => {
    for (const n of ['a.png', 'b.png', 'c.png']) writeFileSync(join(t.sb.workspace, n), PNG);
    t.server.enqueue(R.text('ok'));
    const run = await exec(['--json', '-i', 'a.png,b.png', '-i', 'c.png', '--', 'look']);
    expect(run.code, run.stderr).toBe(0);
    const images = JSON.stringify(t.server.requests[0]!.body.input).match(/"input_image"/g) ?? [];
    expect(images).toHaveLength(3);
  });
});

describe('-o / --output-last-message', () => {
  it('a path in a missing folder fails before the turn is spent', async () => {
    t.server.enqueue(R.text('ok'));
    const target = join(t.sb.workspace, 'missing', 'last.txt');
    const run = await exec(['-o', target, 'hi']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Failed to open last message file "${target}"`);
    expect(t.server.requests).toHaveLength(0);
    if (reference) {
      const ref = await runReferenceCodex(reference, ['exec', '--skip-git-repo-check', '-o', target, 'hi'], { cwd: t.sb.workspace, env: t.sb.env });
      expect(ref.stderr).toContain(`Failed to open last message file "${target}"`);
      expect(t.server.requests).toHaveLength(0);
    }
  });

  it('a directory as the path fails before the turn too; a good path gets the answer', async () => {
    mkdirSync(join(t.sb.workspace, 'adir'));
    const bad = await exec(['-o', 'adir', 'hi']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Is a directory');
    expect(t.server.requests).toHaveLength(0);
    t.server.enqueue(R.text('the answer'));
    const good = await exec(['-o', 'out.txt', 'hi']);
    expect(good.code, good.stderr).toBe(0);
    expect(readFileSync(join(t.sb.workspace, 'out.txt'), 'utf8')).toBe('the answer');
    expect(existsSync(join(t.sb.workspace, 'adir'))).toBe(true);
  });
});
