// A rollout that cannot be created names the file in the way, not a raw ENOTDIR.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { responses as R } from '../support/scriptedServer.js';
import { runCodex, scriptedSuite } from '../support/cli.js';

const t = scriptedSuite();

describe('rollout creation errors', () => {
  it('CODEX_HOME/sessions being a file: the message names it and says what to do', async () => {
    writeFileSync(join(t.sb.home, 'sessions'), 'not a folder');
    t.server.enqueue(R.text('never'));
    const run = await runCodex(['exec', '--skip-git-repo-check', 'hi'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${join(t.sb.home, 'sessions')} is a file, not a directory; move it away so sessions can be saved (ENOTDIR)`);
    expect(run.stderr).not.toContain('ENOTDIR: not a directory, mkdir');
    expect(t.server.requests).toHaveLength(0);
  });
});
