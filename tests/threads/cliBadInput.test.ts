// Bad input to the thread commands of the real built CLI (issue 14): `codex
// archive | unarchive | delete | fork | resume` with an id no session has, an
// archived one, or a live one where an archived one is needed. Each exits 1
// with an error naming what it looked for, and no session file changes.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { responses as R } from '../support/scriptedServer.js';
import { execJson, runCodex, scriptedSuite } from '../support/cli.js';
import { CODEX_REFERENCE_MISSING, codexReferenceBin } from '../support/codexReference.js';
import { rolloutSnapshot } from './rolloutSnapshot.js';

const t = scriptedSuite();
const UNKNOWN = '019a0000-0000-7000-8000-000000000000';
const codex = (args: string[]) => runCodex(args, { cwd: t.sb.workspace, env: t.sb.env });

async function session(prompt: string): Promise<string> {
  t.server.enqueue(R.message(`re: ${prompt}`));
  const run = await execJson(t.sb, prompt);
  expect(run.code, run.stderr).toBe(0);
  return run.events.find((e) => e.type === 'thread.started').thread_id;
}

/** `codex resume` forms that name a session but give no PROMPT. */
const NO_TERMINAL = [
  ['resume', UNKNOWN],
  ['resume', '--last'],
  ['resume', 'nope'],
];

/** [arguments, the whole of stderr]; every row exits 1. */
function rows(live: string, archived: string): [string[], string][] {
  return [
    [['archive', UNKNOWN], `Error: No active session found matching '${UNKNOWN}'.\n`],
    [['archive', archived], `Error: No active session found matching '${archived}'.\n`],
    [['unarchive', UNKNOWN], `Error: No archived session found matching '${UNKNOWN}'.\n`],
    [['unarchive', live], `Error: No archived session found matching '${live}'.\n`],
    [['delete', UNKNOWN], `Error: No active or archived session found matching '${UNKNOWN}'.\n`],
    [['delete', '--force', UNKNOWN], `Error: No active or archived session found matching '${UNKNOWN}'.\n`],
    [['fork', UNKNOWN], `Error: No active session found matching '${UNKNOWN}'.\n`],
    [['fork', archived], `Error: No active session found matching '${archived}'.\n`],
    [['resume', UNKNOWN, '--skip-git-repo-check', 'hello'], `Error: no rollout found for thread id ${UNKNOWN}\n`],
    [
      ['resume', archived, '--skip-git-repo-check', 'hello'],
      `Error: session ${archived} is archived. Run \`codex unarchive ${archived}\` to unarchive it first.\n`,
    ],
    // Without a PROMPT, resuming would open the terminal UI, which needs a terminal on stdin (as Codex 0.169).
    ...NO_TERMINAL.map((args): [string[], string] => [args, 'Error: stdin is not a terminal\n']),
    [['resume', live], 'Error: stdin is not a terminal\n'],
  ];
}

describe('thread commands given ids that do not fit', () => {
  it('exit 1 naming the id and what was looked for; no session file changes and the model is never asked', async () => {
    const live = await session('live one');
    const archived = await session('archived one');
    expect((await codex(['archive', archived])).code).toBe(0);
    const before = rolloutSnapshot(t.sb.home);
    const asked = t.server.requests.length;
    for (const [args, stderr] of rows(live, archived)) {
      const run = await codex(args);
      expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 1, stderr });
    }
    expect(rolloutSnapshot(t.sb.home)).toEqual(before);
    expect(t.server.requests).toHaveLength(asked);
  }, 60_000);

  it('the reference Codex 0.169 says the same for a delete of an unknown id', () => {
    const bin = codexReferenceBin();
    if (!bin) throw new Error(CODEX_REFERENCE_MISSING);
    const ref = spawnSync(bin, ['delete', UNKNOWN], { cwd: t.sb.workspace, env: t.sb.env, encoding: 'utf8', input: '' });
    expect(ref.status).toBe(1);
    // Its first line may warn about helper binaries under /tmp; the error is the last line.
    expect(ref.stderr.trim().split('\n').at(-1)).toBe(`Error: No active or archived session found matching '${UNKNOWN}'.`);
  });

  it('the reference Codex 0.169 refuses to resume without a terminal on stdin, with the same words and exit code', () => {
    const bin = codexReferenceBin();
    if (!bin) throw new Error(CODEX_REFERENCE_MISSING);
    for (const args of NO_TERMINAL) {
      const ref = spawnSync(bin, args, { cwd: t.sb.workspace, env: { ...t.sb.env, RUST_BACKTRACE: '0' }, encoding: 'utf8', input: '' });
      expect({ args, status: ref.status, last: ref.stderr.trim().split('\n').at(-1) }).toEqual({ args, status: 1, last: 'Error: stdin is not a terminal' });
    }
  });
});
