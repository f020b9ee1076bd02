// codex-rollout-check (native-helpers/rollout-check), the early check of
// thread/list's index an app-server starts: over a real index file and real
// rollouts, it confirms exactly the lines a stat shows current (numbers equal
// to Node's Stats to the last bit), says which block it could not check,
// reports changes its watches see after its stats until its stdin ends, and
// refuses another format.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeBlock, encodeEnd, encodeEntry, encodeHeader } from '../../main/core/session/rolloutIndexFile.js';

const HELPER = join(import.meta.dirname, '..', '..', 'native-helpers', 'rollout-check', 'build', 'codex-rollout-check');
const root = mkdtempSync(join(tmpdir(), 'rollout-check-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A day directory with rollouts, and its block as the index writes it, each line's identity edited by `edit` (k: its place). */
function block(dir: string, names: string[], edit: (k: number, id: { ino: number; size: number; mtimeMs: number }) => void = () => {}): string {
  mkdirSync(dir, { recursive: true });
  const lines = names.map((name, k) => {
    const path = join(dir, name);
    writeFileSync(path, 'x'.repeat(100 + k));
    if (k === 0) utimesSync(path, 1_700_000_000.123456, 1_700_000_000.987654); // a mtime in fractions of a millisecond
    const st = statSync(path);
    const id = { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
    edit(k, id);
    const summary =
      k % 2 === 0
        ? null
        : {
            path,
            id: `id-${k}`,
            cwd: '/w',
            createdAt: 1,
            updatedAt: 2,
            modelProvider: 'openai',
            model: null,
            cliVersion: '0.169.0',
            source: 'cli' as const,
            preview: 'a "quoted", preview',
            lastCwd: '/w',
          };
    return encodeEntry(name, { ...id, checkedAt: 3, summary }, true);
  });
  return encodeBlock(dir, { ino: statSync(dir).ino, mtimeMs: 4, readAt: 5 }, names, lines);
}

describe.runIf(process.platform === 'linux')('codex-rollout-check', () => {
  it('confirms the lines a stat shows current, reports later changes until stdin ends', async () => {
    const day1 = join(root, 'sessions', '2026', '03', '02');
    const day2 = join(root, 'sessions', '2026', '03', 'we"ird'); // escaped in JSON: not checked
    const names = ['rollout-d.jsonl', 'rollout-c.jsonl', 'rollout-b ünï.jsonl', 'rollout-a.jsonl'];
    const b1 = block(day1, names, (k, id) => {
      if (k === 1) id.size += 1; // the line says otherwise
    });
    rmSync(join(day1, names[3]!)); // gone since
    const b2 = block(day2, ['rollout-e.jsonl']);
    const index = join(root, 'thread-list.jsonl');
    writeFileSync(index, encodeHeader() + b1 + b2 + encodeEnd(5));

    const child = spawn(HELPER, [index], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines: string[] = [];
    // Every line in order, however they arrive (several may come in one read).
    const queue: string[] = [];
    let waiter: (() => void) | undefined;
    createInterface({ input: child.stdout }).on('line', (l) => {
      queue.push(l);
      waiter?.();
    });
    const nextLine = async (): Promise<string> => {
      while (queue.length === 0) await new Promise<void>((r) => (waiter = r));
      return queue.shift()!;
    };
    for (let line = await nextLine(); ; line = await nextLine()) {
      lines.push(line);
      if (line === 'end') break;
    }
    const st = statSync(index);
    // The numbers as doubles (printed with 17 digits, not JavaScript's shortest form): each the same double as Node's.
    expect(lines[0]!.split(' ').map((w, i) => (i === 0 ? w : Number(w)))).toEqual(['I', st.ino, st.size, st.mtimeMs]);
    expect(lines.slice(1)).toEqual(['1 3', 'x', 'end']);

    appendFileSync(join(day1, names[0]!), 'appended'); // after its stat: reported
    expect(await nextLine()).toBe(`E 0 ${names[0]}`);
    child.stdin.end();
    expect(await nextLine()).toBe('done');
    const code = child.exitCode ?? (await new Promise<number | null>((r) => child.on('exit', (c) => r(c))));
    expect(code).toBe(0);
  });

  it('refuses an index of another format', () => {
    const index = join(root, 'old.jsonl');
    writeFileSync(index, '{"format":3}\n{"end":0}\n');
    expect(spawnSync(HELPER, [index], { input: '' }).status).toBe(2);
    expect(spawnSync(HELPER, [join(root, 'missing.jsonl')], { input: '' }).status).toBe(1);
  });

  it('refuses what is not a plain index file at once: a FIFO, a file over 1 GiB', () => {
    const fifo = join(root, 'fifo.jsonl');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // Opening a FIFO with no writer would block for ever.
    expect(spawnSync(HELPER, [fifo], { input: '', timeout: 10_000 }).status).toBe(1);
    const huge = join(root, 'huge.jsonl');
    writeFileSync(huge, '{"format":4}\n');
    expect(spawnSync('truncate', ['-s', '1100M', huge]).status).toBe(0); // sparse: no disk used
    const r = spawnSync(HELPER, [huge], { input: '', timeout: 10_000 });
    rmSync(huge);
    expect(r.status).toBe(1);
  });

  it("reads a block's byte count from its own line only", () => {
    const day = join(root, 'sessions', '2026', '04', '01');
    const good = block(day, ['rollout-a.jsonl']);
    // The count is missing: the digits on the next line must not be taken for it (the block list ends there).
    const cut = good.replace(/"bytes":\d+\}\n/, '"bytes":\n1}\n');
    const index = join(root, 'cut.jsonl');
    writeFileSync(index, encodeHeader() + good + cut + encodeEnd(2));
    const r = spawnSync(HELPER, [index], { input: '', encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').slice(1)).toEqual(['', 'end', 'done', '']);
  });

  it('dies with the server that started it, even one killed outright', async () => {
    const day = join(root, 'sessions', '2026', '05', '01');
    const index = join(root, 'orphan.jsonl');
    writeFileSync(index, encodeHeader() + block(day, ['rollout-a.jsonl']) + encodeEnd(1));
    // A parent that starts the helper with a pipe it keeps open (as the server does), prints its pid, and waits.
    const parent = spawn(
      process.execPath,
      [
        '-e',
        `const c = require('child_process').spawn(${JSON.stringify(HELPER)}, [${JSON.stringify(index)}], { stdio: ['pipe', 'ignore', 'ignore'] }); console.log(c.pid); setInterval(() => {}, 1000);`,
      ],
      // Held at its test gate after its stats, where it does not read its stdin: only the parent's death can end it.
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, CODEX_TEST_ROLLOUT_CHECK_GATE: join(root, 'never-opened') } },
    );
    const pid = Number(await new Promise<string>((r) => parent.stdout.once('data', (d: Buffer) => r(d.toString()))));
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(alive()).toBe(true);
    parent.kill('SIGKILL');
    for (let waited = 0; alive() && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(alive()).toBe(false);
  });
});
