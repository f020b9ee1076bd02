// The Linux helper run exactly as the command spawner runs commands
// (wrapCommandForSandbox + child_process): what works inside the sandbox,
// protected paths, privileges. The per-policy escape attempts are in
// linux.escapes.test.ts.
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CODEX_SANDBOX_ENV,
  CODEX_SANDBOX_NETWORK_DISABLED_ENV,
  SandboxUnavailableError,
  runUnderSandbox,
  wrapCommandForSandbox,
} from '../../main/core/sandbox/index.js';
import { LINUX_SANDBOX_EXE_ENV } from '../../main/core/sandbox/linux.js';
import { baseEnv, hasPython, isRoot, onLinux, PY, READ_ONLY, run, sh, useHelper, useScratch, ww } from '../support/linuxSandbox.js';

describe.skipIf(!onLinux)('Linux sandbox helper (real)', () => {
  const helper = useHelper();
  const dirs = useScratch();

  describe('filesystem', () => {
    it('allows writes inside the workspace and denies them outside', async () => {
      const r = await sh(ww(), dirs.ws, `echo in > inside.txt && echo ok; echo out > ${dirs.outside}/new.txt; echo rc=$?`);
      expect(r.stdout).toContain('ok');
      expect(r.stdout).toContain('rc=2');
      expect(r.stderr).toMatch(/Read-only file system|Permission denied/);
      expect(readFileSync(path.join(dirs.ws, 'inside.txt'), 'utf8')).toBe('in\n');
      expect(existsSync(path.join(dirs.outside, 'new.txt'))).toBe(false);
    });

    it('denies modifying, truncating, deleting and creating outside', async () => {
      const s = `${dirs.outside}/secret.txt`;
      const r = await sh(
        ww(),
        dirs.ws,
        `echo x >> ${s}; truncate -s 0 ${s}; rm -f ${s}; mv ${s} ${dirs.outside}/moved; mkdir ${dirs.outside}/d; ln -s /etc ${dirs.outside}/l; ` +
          `${PY ?? 'python3'} -c "import os; os.truncate('${s}', 0)" 2>/dev/null; echo done`,
      );
      expect(r.stdout).toContain('done');
      expect(readFileSync(s, 'utf8')).toBe('original\n');
      expect(readdirSync(dirs.outside)).toEqual(['secret.txt']);
    });

    it('reads anywhere', async () => {
      const r = await sh(ww(), dirs.ws, `cat ${dirs.outside}/secret.txt && head -c 0 /etc/passwd && ls / >/dev/null && echo read-ok`);
      expect(r.stdout).toBe('original\nread-ok\n');
      expect(r.code).toBe(0);
    });

    it('renames and links within the root work', async () => {
      const r = await sh(ww(), dirs.ws, 'mkdir -p a b && echo x > a/f && mv a/f b/f && ln b/f b/g && cat b/g && echo ok');
      expect(r.stdout).toBe('x\nok\n');
    });

    it('keeps /dev/null usable and gives a private writable /dev/shm', async () => {
      const marker = `codex-test-${process.pid}-${Date.now()}`;
      const r = await sh(ww(), dirs.ws, `echo x > /dev/null && echo x > /dev/shm/${marker} && cat /dev/shm/${marker}`);
      expect(r.stdout).toBe('x\n');
      expect(existsSync(`/dev/shm/${marker}`)).toBe(false);
    });

    it.skipIf(!hasPython)('lets Python multiprocessing create semaphores', async () => {
      const r = await run(READ_ONLY, dirs.ws, [PY!, '-c', 'import multiprocessing as m; l=m.Lock(); l.acquire(); print("locked")']);
      expect(r.stdout).toBe('locked\n');
    });

    it.skipIf(!hasPython)('can open and use a new pseudo-terminal', async () => {
      const r = await run(READ_ONLY, dirs.ws, [
        PY!,
        '-c',
        'import os, pty, termios\nm, s = pty.openpty()\ntermios.tcgetattr(s)\nos.write(s, b"through-pty\\n")\nprint(os.ttyname(s).startswith("/dev/pts/"), os.read(m, 100).strip().decode())',
      ]);
      expect(r.stdout).toBe('True through-pty\n');
    });

    it('pipes, process substitution and /dev/stdout keep working', async () => {
      // /dev/stdout is reopened through /proc/self/fd: a pipe here (a socket cannot be reopened at all).
      const r = await run(READ_ONLY, dirs.ws, ['bash', '-c', 'cat <(echo procsub); { echo viastdout > /dev/stdout; } | cat; echo hi | tr a-z A-Z']);
      expect(r.stdout).toBe('procsub\nviastdout\nHI\n');
    });
  });

  describe('protected paths', () => {
    it('keeps .git, .codex and .agents of the root read-only', async () => {
      mkdirSync(path.join(dirs.ws, '.git', 'hooks'), { recursive: true });
      writeFileSync(path.join(dirs.ws, '.git', 'config'), '[core]\n');
      mkdirSync(path.join(dirs.ws, '.codex'));
      mkdirSync(path.join(dirs.ws, '.agents'));
      const r = await sh(
        ww(),
        dirs.ws,
        'echo x >> .git/config; echo x > .git/hooks/pre-commit; echo x > .codex/config.toml; echo x > .agents/a; ' +
          'rm -rf .git; mv .git old-git; mv .codex old-codex; chmod 777 .git; echo fine > normal.txt && echo ok',
      );
      expect(r.stdout).toBe('ok\n');
      expect(r.stderr).toMatch(/Read-only file system/);
      expect(readFileSync(path.join(dirs.ws, '.git', 'config'), 'utf8')).toBe('[core]\n');
      expect(readdirSync(path.join(dirs.ws, '.git', 'hooks'))).toEqual([]);
      expect(readdirSync(path.join(dirs.ws, '.codex'))).toEqual([]);
      expect(readdirSync(path.join(dirs.ws, '.agents'))).toEqual([]);
      expect(readdirSync(dirs.ws).sort()).toEqual(['.agents', '.codex', '.git', 'normal.txt']);
    });

    it('stops a missing .codex in the cwd from being created with content, and leaves nothing behind', async () => {
      const r = await sh(ww(), dirs.ws, 'mkdir -p .codex; echo x > .codex/config.toml; rm -rf .codex; echo y > top.txt && echo ok');
      expect(r.stdout).toBe('ok\n');
      expect(readdirSync(dirs.ws)).toEqual(['top.txt']);
    });

    it('keeps CODEX_HOME read-only when it lies in a writable root under another name', async () => {
      const home = path.join(dirs.ws, 'agent-home');
      mkdirSync(path.join(home, 'sessions'), { recursive: true });
      writeFileSync(path.join(home, 'config.toml'), 'model = "gpt-5"\n');
      const saved = process.env['CODEX_HOME'];
      process.env['CODEX_HOME'] = home; // the app's CODEX_HOME, not the command's
      try {
        const r = await sh(
          ww(),
          dirs.ws,
          'echo "notify = [\"sh\"]" >> agent-home/config.toml; echo x > agent-home/auth.json; rm -rf agent-home/sessions; mv agent-home moved; echo ok > other.txt && echo ok',
        );
        expect(r.stdout).toBe('ok\n');
        expect(readFileSync(path.join(home, 'config.toml'), 'utf8')).toBe('model = "gpt-5"\n');
        // cache/ is the app's own (the helper's walk cache, made before the command runs).
        expect(readdirSync(home).sort()).toEqual(['cache', 'config.toml', 'sessions']);
        expect(readFileSync(path.join(dirs.ws, 'other.txt'), 'utf8')).toBe('ok\n');
      } finally {
        if (saved === undefined) delete process.env['CODEX_HOME'];
        else process.env['CODEX_HOME'] = saved;
      }
    });

    it('keeps a missing CODEX_HOME inside a writable root from being created', async () => {
      const saved = process.env['CODEX_HOME'];
      process.env['CODEX_HOME'] = path.join(dirs.ws, 'later-home');
      try {
        const r = await sh(ww(), dirs.ws, 'mkdir -p later-home; echo "notify = [\"sh\"]" > later-home/config.toml; echo ok > other.txt && echo ok');
        expect(r.stdout).toBe('ok\n');
        expect(readdirSync(dirs.ws)).toEqual(['other.txt']);
      } finally {
        if (saved === undefined) delete process.env['CODEX_HOME'];
        else process.env['CODEX_HOME'] = saved;
      }
    });

    it('protects the gitdir: target of a .git file', async () => {
      const gitdir = path.join(dirs.ws, 'repo-meta');
      mkdirSync(gitdir);
      writeFileSync(path.join(gitdir, 'HEAD'), 'ref: refs/heads/main\n');
      writeFileSync(path.join(dirs.ws, '.git'), 'gitdir: repo-meta\n');
      const r = await sh(ww(), dirs.ws, 'echo x > repo-meta/HEAD; echo x > .git; echo x > repo-meta/new; echo ok > other && echo ok');
      expect(r.stdout).toBe('ok\n');
      expect(readFileSync(path.join(gitdir, 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
      expect(readFileSync(path.join(dirs.ws, '.git'), 'utf8')).toBe('gitdir: repo-meta\n');
      expect(existsSync(path.join(gitdir, 'new'))).toBe(false);
    });

    it('protects .git of nested repositories', async () => {
      const nested = path.join(dirs.ws, 'packages', 'lib', '.git');
      mkdirSync(nested, { recursive: true });
      writeFileSync(path.join(nested, 'config'), '[core]\n');
      const r = await sh(ww(), dirs.ws, 'echo x > packages/lib/.git/config; echo x > packages/lib/src.ts && echo ok');
      expect(r.stdout).toBe('ok\n');
      expect(readFileSync(path.join(nested, 'config'), 'utf8')).toBe('[core]\n');
    });

    it('protects .git in extra writable roots, and lets an explicit writable root inside .git win', async () => {
      const extra = path.join(dirs.base, 'extra');
      mkdirSync(path.join(extra, '.git'), { recursive: true });
      mkdirSync(path.join(dirs.ws, '.git', 'scratch'), { recursive: true });
      const r = await sh(
        ww({ writableRoots: [extra, path.join(dirs.ws, '.git', 'scratch')] }),
        dirs.ws,
        `echo x > ${extra}/.git/config; echo x > ${extra}/file && echo x > .git/scratch/f && echo ok`,
      );
      expect(r.stdout).toBe('ok\n');
      expect(existsSync(path.join(extra, '.git', 'config'))).toBe(false);
      expect(existsSync(path.join(dirs.ws, '.git', 'scratch', 'f'))).toBe(true);
    });

    it('masks a symlinked .git so it cannot be swapped for a real one', async () => {
      mkdirSync(path.join(dirs.ws, 'real-git'));
      symlinkSync('real-git', path.join(dirs.ws, '.git'));
      const r = await sh(ww(), dirs.ws, 'echo x > real-git/config; rm .git; echo rm=$?; echo ok > f && echo ok');
      expect(r.stdout).toBe('rm=1\nok\n');
      expect(readdirSync(path.join(dirs.ws, 'real-git'))).toEqual([]);
    });

    it('refuses to run when the protected paths cannot be mounted read-only, unless told to', async () => {
      // A sandboxed process can create no namespace, so a helper started
      // inside the sandbox faces exactly the "no mount namespace" case.
      mkdirSync(path.join(dirs.ws, 'inner', '.git'), { recursive: true });
      const inner = `${helper.path} --mode workspace-write --writable-root ${dirs.ws}/inner --protected ${dirs.ws}/inner/.git`;
      const r = await sh(
        ww(),
        dirs.ws,
        `${inner} -- sh -c 'echo RAN > inner/ran1'; echo rc=$?; ${inner} --allow-unprotected -- sh -c 'echo RAN > inner/ran2'; echo rc=$?`,
      );
      expect(r.stdout).toBe('rc=1\nrc=0\n');
      expect(r.stderr).toMatch(/cannot create the sandbox's namespaces.*Refusing to run the command/);
      expect(r.stderr).toMatch(/warning: .*protected paths may stay WRITABLE/);
      expect(existsSync(path.join(dirs.ws, 'inner', 'ran1'))).toBe(false);
      expect(existsSync(path.join(dirs.ws, 'inner', 'ran2'))).toBe(true);
    });

    it.skipIf(!isRoot || !existsSync('/usr/bin/setpriv'))('works for an unprivileged user through a user namespace', async () => {
      mkdirSync(path.join(dirs.ws, '.git'));
      chownSync(dirs.base, 65534, 65534);
      for (const d of [dirs.ws, dirs.outside, path.join(dirs.ws, '.git')]) chownSync(d, 65534, 65534);
      chmodSync(dirs.base, 0o755);
      const r = await sh(ww(), dirs.ws, `id -u; echo x > .git/config; echo x > ${dirs.outside}/x; echo ok > f && echo ok`, {
        prefix: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'],
      });
      expect(r.stdout).toBe('65534\nok\n');
      expect(r.stderr).toMatch(/Read-only file system/);
      expect(existsSync(path.join(dirs.ws, '.git', 'config'))).toBe(false);
      expect(existsSync(path.join(dirs.outside, 'x'))).toBe(false);
    });
  });

  describe('privileges and syscalls', () => {
    it('refuses setuid/setgid bits but allows ordinary chmod', async () => {
      writeFileSync(path.join(dirs.ws, 'tool'), '#!/bin/sh\n');
      const r = await sh(ww(), dirs.ws, 'chmod u+s tool; echo s=$?; chmod g+s tool; echo g=$?; chmod 4755 tool; echo n=$?; chmod 755 tool; echo plain=$?');
      expect(r.stdout).toBe('s=1\ng=1\nn=1\nplain=0\n');
      expect(statSync(path.join(dirs.ws, 'tool')).mode & 0o7777).toBe(0o755);
    });

    it.skipIf(!hasPython)('refuses creating a file with setuid/setgid mode bits', async () => {
      const r = await run(ww(), dirs.ws, [
        PY!,
        '-c',
        'import os\n' +
          'for m in (0o4755, 0o2755):\n' +
          '    try:\n        os.close(os.open("suid", os.O_CREAT | os.O_WRONLY, m)); print("created")\n' +
          '    except OSError as e: print(e.errno)\n' +
          'try:\n    os.mknod("node", 0o104755)\nexcept OSError as e: print(e.errno)\n' +
          'os.close(os.open("plain", os.O_CREAT | os.O_WRONLY, 0o755)); print("plain ok")',
      ]);
      expect(r.stdout).toBe('1\n1\n1\nplain ok\n');
      expect(existsSync(path.join(dirs.ws, 'suid'))).toBe(false);
      expect(existsSync(path.join(dirs.ws, 'node'))).toBe(false);
    });

    it('refuses new user namespaces (unshare -U, unshare -r)', async () => {
      const r = await sh(READ_ONLY, dirs.ws, 'unshare -U true; echo u=$?; unshare -r true; echo r=$?; unshare -m true; echo m=$?');
      expect(r.stdout).toBe('u=1\nr=1\nm=1\n');
    });

    it('runs with no capabilities and no_new_privs, and cannot mount or unmount', async () => {
      mkdirSync(path.join(dirs.ws, '.git'));
      mkdirSync(path.join(dirs.ws, 'mnt'));
      const r = await sh(
        ww(),
        dirs.ws,
        'grep -E "^(CapEff|CapPrm|CapBnd|NoNewPrivs|Seccomp):" /proc/self/status; ' +
          'mount -t tmpfs none mnt 2>/dev/null; echo mount=$?; umount .git 2>/dev/null; echo umount=$?; echo x > .git/f 2>/dev/null; echo write=$?',
      );
      expect(r.stdout).toMatch(/CapPrm:\s+0+\n/);
      expect(r.stdout).toMatch(/CapEff:\s+0+\n/);
      expect(r.stdout).toMatch(/CapBnd:\s+0+\n/);
      expect(r.stdout).toMatch(/NoNewPrivs:\s+1\n/);
      expect(r.stdout).toMatch(/Seccomp:\s+2\n/);
      expect(r.stdout).toMatch(/mount=(1|32)\numount=(1|32)\nwrite=2\n/);
    });
  });

  describe('network', () => {
    let server: net.Server;
    let port = 0;
    let connections = 0;
    beforeAll(async () => {
      server = net.createServer((s) => {
        connections++;
        s.end('hello\n');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as net.AddressInfo).port;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    const nodeConnect = (p: number) =>
      `const s=require("net").connect(${p},"127.0.0.1");s.on("data",d=>{process.stdout.write("got "+d);s.destroy()});s.on("error",e=>console.log("error",e.code))`;

    it('denies TCP connect with network off (node and python), allows it with network on', async () => {
      const before = connections;
      const off = await run(ww(), dirs.ws, [process.execPath, '-e', nodeConnect(port)]);
      expect(off.stdout).toBe('error EPERM\n');
      if (hasPython) {
        const py = await run(READ_ONLY, dirs.ws, [
          'python3',
          '-c',
          `import socket\ntry:\n    socket.create_connection(("127.0.0.1", ${port}))\n    print("connected")\nexcept OSError as e:\n    print(e.errno)`,
        ]);
        expect(py.stdout).toBe('1\n');
      }
      expect(connections).toBe(before);
      const on = await run(ww({ networkAccess: true }), dirs.ws, [process.execPath, '-e', nodeConnect(port)]);
      expect(on.stdout).toBe('got hello\n');
      expect(connections).toBe(before + 1);
    });

    it.skipIf(!hasPython)('refuses inet and unix sockets, listening and addressed sends; socketpair IPC works', async () => {
      const script = [
        'import socket, os',
        'def t(f):',
        '    try:',
        '        f(); return "ok"',
        '    except OSError as e: return str(e.errno)',
        'print("inet", t(lambda: socket.socket(socket.AF_INET)))',
        'print("inet6", t(lambda: socket.socket(socket.AF_INET6)))',
        'print("netlink", t(lambda: socket.socket(socket.AF_NETLINK, socket.SOCK_RAW)))',
        'print("unix", t(lambda: socket.socket(socket.AF_UNIX).bind("sock")))',
        'print("unix-dgram", t(lambda: socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b"x", "/dev/log")))',
        'a, b = socket.socketpair()',
        'a.send(b"ping"); print("pair", b.recv(4).decode())',
        'a.sendmsg([b"msg"]); print("sendmsg", b.recv(3).decode())',
        'a.shutdown(socket.SHUT_WR); print("shutdown ok", b.recv(1) == b"")',
      ].join('\n');
      const r = await run(ww(), dirs.ws, [PY!, '-c', script]);
      expect(r.stdout).toBe('inet 1\ninet6 1\nnetlink 1\nunix 1\nunix-dgram 1\npair ping\nsendmsg msg\nshutdown ok True\n');
      expect(existsSync(path.join(dirs.ws, 'sock'))).toBe(false);
    });

    it('node child processes and piped stdio work with network off', async () => {
      const script =
        'const {execSync, spawn} = require("child_process");' +
        'process.stdout.write(execSync("echo child").toString());' +
        'const c = spawn("cat"); c.stdout.on("data", d => process.stdout.write("cat:" + d)); c.stdin.end("fed\\n");' +
        'process.stdin.on("data", d => process.stdout.write("stdin:" + d));';
      const r = await run(READ_ONLY, dirs.ws, [process.execPath, '-e', script], { input: 'piped\n' });
      expect(r.stdout.split('\n').sort()).toEqual(['', 'cat:fed', 'child', 'stdin:piped']);
      expect(r.code).toBe(0);
    });

    it('sets CODEX_SANDBOX=linux-landlock, and CODEX_SANDBOX_NETWORK_DISABLED=1 only when the network is off', async () => {
      const show = `echo "[$${CODEX_SANDBOX_NETWORK_DISABLED_ENV}] [$${CODEX_SANDBOX_ENV}]"`;
      expect((await sh(ww(), dirs.ws, show)).stdout).toBe('[1] [linux-landlock]\n');
      expect((await sh(READ_ONLY, dirs.ws, show)).stdout).toBe('[1] [linux-landlock]\n');
      expect((await sh(ww({ networkAccess: true }), dirs.ws, show)).stdout).toBe('[] [linux-landlock]\n');
    });
  });

  describe('policies', () => {
    it('makes /tmp and $TMPDIR writable in workspace-write unless excluded', async () => {
      const tmpdir = path.join(dirs.base, 'tmpdir');
      mkdirSync(tmpdir);
      const env = { ...baseEnv(), TMPDIR: tmpdir };
      const slashTmp = mkdtempSync('/tmp/codex-sbx-slash-');
      try {
        const script = `echo a > ${tmpdir}/a; echo b > ${slashTmp}/b; echo done`;
        await sh(ww({ excludeSlashTmp: false, excludeTmpdirEnvVar: false }), dirs.ws, script, { env });
        expect(existsSync(path.join(tmpdir, 'a'))).toBe(true);
        expect(existsSync(path.join(slashTmp, 'b'))).toBe(true);
        rmSync(path.join(tmpdir, 'a'));
        rmSync(path.join(slashTmp, 'b'));
        await sh(ww({ excludeSlashTmp: true, excludeTmpdirEnvVar: true }), dirs.ws, script, { env });
        expect(existsSync(path.join(tmpdir, 'a'))).toBe(false);
        expect(existsSync(path.join(slashTmp, 'b'))).toBe(false);
      } finally {
        rmSync(slashTmp, { recursive: true, force: true });
      }
    });

    it('read-only mode writes nothing anywhere', async () => {
      const slashTmp = mkdtempSync('/tmp/codex-sbx-ro-');
      try {
        const r = await sh(
          READ_ONLY,
          dirs.ws,
          `echo x > f; mkdir d; echo x > ${slashTmp}/f; echo x > ${dirs.outside}/secret.txt; touch .codex; cat ${dirs.outside}/secret.txt`,
          { env: { ...baseEnv(), TMPDIR: slashTmp } },
        );
        expect(r.stdout).toBe('original\n');
        expect(readdirSync(dirs.ws)).toEqual([]);
        expect(readdirSync(slashTmp)).toEqual([]);
      } finally {
        rmSync(slashTmp, { recursive: true, force: true });
      }
    });

    it('propagates exit codes and reports a missing command as 127', async () => {
      expect((await sh(ww(), dirs.ws, 'exit 42')).code).toBe(42);
      expect((await sh(READ_ONLY, dirs.ws, 'kill -9 $$')).code).toBe(null);
      const missing = await run(READ_ONLY, dirs.ws, ['definitely-not-a-command-xyz']);
      expect(missing.code).toBe(127);
      expect(missing.stderr).toMatch(/definitely-not-a-command-xyz/);
    });

    it('runUnderSandbox resolves with the exit code', async () => {
      expect(await runUnderSandbox(['sh', '-c', 'exit 7'], READ_ONLY, dirs.ws, baseEnv())).toBe(7);
      expect(await runUnderSandbox(['sh', '-c', 'kill -TERM $$'], READ_ONLY, dirs.ws, baseEnv())).toBe(128 + 15);
    });

    it('runs danger-full-access through the helper for its lifetime only (no sandbox env), a missing command bare', () => {
      const full = { mode: 'danger-full-access' } as const;
      const cmd = wrapCommandForSandbox({ argv: ['true'], cwd: dirs.ws, env: { A: '1', PATH: process.env['PATH']! }, policy: full });
      expect(cmd).toEqual({
        argv: [helper.path, '--mode', 'danger-full-access', '--', 'true'],
        env: { A: '1', PATH: process.env['PATH'] },
        sandboxType: 'none',
      });
      const missing = wrapCommandForSandbox({ argv: ['no-such-command-xyz'], cwd: dirs.ws, env: {}, policy: full });
      expect(missing.argv).toEqual(['no-such-command-xyz']);
    });

    it('wraps as helper + flags + -- + argv', () => {
      const cmd = wrapCommandForSandbox({ argv: ['ls', '-l'], cwd: dirs.ws, env: {}, policy: READ_ONLY });
      expect(cmd.sandboxType).toBe('linux-landlock');
      expect(cmd.argv).toEqual([helper.path, '--mode', 'read-only', '--', 'ls', '-l']);
    });

    it('refuses to run anything when the helper is missing', async () => {
      const saved = process.env[LINUX_SANDBOX_EXE_ENV];
      process.env[LINUX_SANDBOX_EXE_ENV] = path.join(dirs.base, 'no-such-helper');
      try {
        expect(() => wrapCommandForSandbox({ argv: ['touch', 'x'], cwd: dirs.ws, env: {}, policy: ww() })).toThrow(SandboxUnavailableError);
        expect(() => wrapCommandForSandbox({ argv: ['touch', 'x'], cwd: dirs.ws, env: {}, policy: ww() })).toThrow(/no-such-helper.*npm run build/);
        await expect(runUnderSandbox(['touch', 'x'], ww(), dirs.ws, baseEnv())).rejects.toBeInstanceOf(SandboxUnavailableError);
        expect(existsSync(path.join(dirs.ws, 'x'))).toBe(false);
      } finally {
        if (saved === undefined) delete process.env[LINUX_SANDBOX_EXE_ENV];
        else process.env[LINUX_SANDBOX_EXE_ENV] = saved;
      }
    });
  });
});

describe.skipIf(onLinux)('non-Linux', () => {
  it('still refuses sandboxed policies', () => {
    expect(() => wrapCommandForSandbox({ argv: ['true'], cwd: '.', env: {}, policy: READ_ONLY })).toThrow(SandboxUnavailableError);
  });
});
