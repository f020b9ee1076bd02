// What `codex exec` reports about the turn's work: a command still running
// when the turn ends gets no completion (it is killed with the session, and
// Codex emits none), and human mode prints the diff of a patch, as Codex does.
import { describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { responses as R } from '../support/scriptedServer.js';
import { execJson, runCodex, scriptedSuite } from '../support/cli.js';

const t = scriptedSuite();

describe('a command still running when the turn ends', () => {
  it('is started but never reported completed, and does not outlive exec', async () => {
    t.server.enqueue(
      R.functionCall({ name: 'exec_command', arguments: { cmd: 'sleep 2; echo late > late.txt', yield_time_ms: 200 }, callId: 'bg' }),
      R.text('done'),
    );
    const run = await execJson(t.sb, 'start it');
    expect(run.code, run.stderr).toBe(0);
    const started = run.events.filter((e) => e.type === 'item.started' && e.item.type === 'command_execution');
    expect(started).toHaveLength(1);
    const completed = run.events.filter((e) => e.type === 'item.completed' && e.item.type === 'command_execution');
    expect(completed).toEqual([]);
    await new Promise((r) => setTimeout(r, 2500));
    expect(existsSync(join(t.sb.workspace, 'late.txt'))).toBe(false);
  });

  it('human mode says it was stopped, not that it succeeded', async () => {
    t.server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: 'sleep 5', yield_time_ms: 200 }, callId: 'bg' }), R.text('done'));
    const run = await runCodex(['exec', '--skip-git-repo-check', '-s', 'danger-full-access', 'start it'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('still running when the turn ended; stopped');
    expect(run.stderr).not.toMatch(/succeeded in \d+ms:\n*$/m);
  });
});

describe('human mode and patches', () => {
  it("prints the status, the paths and each file's diff, as Codex does", async () => {
    writeFileSync(join(t.sb.workspace, 'a.txt'), 'one\ntwo\nthree\n');
    const patch = [
      '*** Begin Patch',
      '*** Update File: a.txt',
      '@@',
      ' one',
      '-two',
      '+TWO',
      ' three',
      '*** Add File: b.txt',
      '+new file',
      '*** End Patch',
    ].join('\n');
    t.server.enqueue(R.customToolCall({ input: patch, callId: 'p1' }), R.text('done'));
    const run = await runCodex(['exec', '--skip-git-repo-check', '-s', 'danger-full-access', '--color', 'never', 'go'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(run.code, run.stderr).toBe(0);
    const a = join(t.sb.workspace, 'a.txt');
    const b = join(t.sb.workspace, 'b.txt');
    expect(run.stderr).toContain(`apply patch\npatch: completed\n${a}\n${b}\n`);
    expect(run.stderr).toMatch(/--- a\/a\.txt\n\+\+\+ b\/a\.txt\n@@ -1,3 \+1,3 @@\n one\n-two\n\+TWO\n three\n/);
    expect(run.stderr).toMatch(/--- \/dev\/null\n\+\+\+ b\/b\.txt\n@@ -0,0 \+1(,1)? @@\n\+new file\n/);
  });
});
