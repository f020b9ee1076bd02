// The desktop's terminal channels through the real IpcRouter and a real
// AppServer with real PTYs: a terminal started by one page is listed (with
// its output) for the page that replaces it, its exit is pushed, a closed tab
// is forgotten, and the new channels validate their payloads like the others.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IpcRouter } from './router.js';
import { requestChannel, TERMINAL_EXITED_CHANNEL, TERMINAL_FORGET_CHANNEL, TERMINAL_LIST_CHANNEL, type TerminalListResult } from '../../shared/ipc/contract.js';
import { AppServer } from '../core/server/appServer.js';

let server: AppServer | undefined;
afterEach(async () => {
  await server?.shutdown();
  server = undefined;
});

function setup() {
  const pushed: { channel: string; payload: any }[] = [];
  const router = new IpcRouter({ push: (channel, payload) => pushed.push({ channel, payload }) });
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'codex-term-ipc-')));
  server = new AppServer({
    codexHome: home,
    env: { ...process.env, CODEX_HOME: home },
    source: { custom: 'desktop' },
    originator: 'codex_desktop',
    version: 'test',
    host: router,
  });
  router.attach(server);
  return { router, pushed, home };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');
async function list(router: IpcRouter) {
  const r = await router.invoke(TERMINAL_LIST_CHANNEL, {});
  if (!r.ok) throw new Error(r.error.message);
  return (r.result as TerminalListResult).terminals.map((t) => ({ ...t, output: Buffer.from(t.outputBase64, 'base64').toString('utf8') }));
}
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('terminal channels', () => {
  it('lists a running terminal with its output for a reloaded page, pushes its exit, forgets a closed tab', async () => {
    const { router, pushed, home } = setup();
    const exec = router.invoke(requestChannel('command/exec'), {
      command: ['sh'],
      processId: 'term:t1:a',
      tty: true,
      size: { rows: 24, cols: 80 },
      cwd: home,
      sandboxPolicy: { type: 'dangerFullAccess' },
      disableTimeout: true,
    });
    expect((await router.invoke(requestChannel('command/exec/write'), { processId: 'term:t1:a', deltaBase64: b64('echo hi-$((40+2))\n') })).ok).toBe(true);
    await until('output recorded', async () => (await list(router)).some((t) => t.output.includes('hi-42')));
    // What a freshly loaded page sees: the terminal, running, with what it printed.
    const [t] = await list(router);
    expect(t).toMatchObject({ processId: 'term:t1:a', exited: false, exitCode: null });
    expect((await router.invoke(requestChannel('command/exec/write'), { processId: 'term:t1:a', deltaBase64: b64('exit 3\n') })).ok).toBe(true);
    expect(await exec).toEqual({ ok: true, result: { exitCode: 3, stdout: '', stderr: '' } });
    expect(pushed).toContainEqual({ channel: TERMINAL_EXITED_CHANNEL, payload: { processId: 'term:t1:a', exitCode: 3 } });
    // Exited but its tab still open: listed as exited until the tab is closed.
    expect(await list(router)).toMatchObject([{ processId: 'term:t1:a', exited: true, exitCode: 3 }]);
    expect(await router.invoke(TERMINAL_FORGET_CHANNEL, { processId: 'term:t1:a' })).toEqual({ ok: true, result: {} });
    expect(await list(router)).toEqual([]);
  });

  it('tracks PTY commands only; a refused one leaves no terminal and pushes an exit without code', async () => {
    const { router, pushed, home } = setup();
    expect(await router.invoke(requestChannel('command/exec'), { command: ['true'], cwd: home, sandboxPolicy: { type: 'dangerFullAccess' } })).toMatchObject({
      ok: true,
    });
    const refused = await router.invoke(requestChannel('command/exec'), {
      command: ['sh'],
      processId: 'term:t1:b',
      tty: true,
      cwd: join(home, 'missing'),
      sandboxPolicy: { type: 'dangerFullAccess' },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: -32603 } });
    expect(await list(router)).toEqual([]);
    expect(pushed).toContainEqual({ channel: TERMINAL_EXITED_CHANNEL, payload: { processId: 'term:t1:b', exitCode: null } });
  });

  it('a duplicate id does not reset the live terminal it collides with', async () => {
    const { router, home } = setup();
    const params = { command: ['sh'], processId: 'term:t1:c', tty: true, cwd: home, sandboxPolicy: { type: 'dangerFullAccess' }, disableTimeout: true };
    const first = router.invoke(requestChannel('command/exec'), params);
    await router.invoke(requestChannel('command/exec/write'), { processId: 'term:t1:c', deltaBase64: b64('echo first-$((1+1))\n') });
    await until('first output', async () => (await list(router)).some((t) => t.output.includes('first-2')));
    expect(await router.invoke(requestChannel('command/exec'), params)).toMatchObject({ ok: false, error: { code: -32600 } });
    expect((await list(router))[0]).toMatchObject({ processId: 'term:t1:c', exited: false });
    expect((await list(router))[0].output).toContain('first-2');
    await router.invoke(requestChannel('command/exec/terminate'), { processId: 'term:t1:c' });
    expect((await first).ok).toBe(true);
  });

  it('validates the new channels like the others', async () => {
    const { router } = setup();
    expect(await router.invoke(TERMINAL_LIST_CHANNEL, { extra: 1 })).toMatchObject({
      ok: false,
      error: { code: -32602, message: expect.stringContaining(TERMINAL_LIST_CHANNEL) },
    });
    expect(await router.invoke(TERMINAL_FORGET_CHANNEL, { processId: '' })).toMatchObject({
      ok: false,
      error: { code: -32602, message: expect.stringContaining('processId') },
    });
    expect(await router.invoke(requestChannel('command/exec/resize'), { processId: 'x', size: { rows: -1, cols: 2 } })).toMatchObject({
      ok: false,
      error: { code: -32602, message: expect.stringContaining('size') },
    });
    expect(await router.invoke(requestChannel('fuzzyFileSearch'), { query: 1, roots: [] })).toMatchObject({
      ok: false,
      error: { code: -32602, message: expect.stringContaining('query') },
    });
  });
});
