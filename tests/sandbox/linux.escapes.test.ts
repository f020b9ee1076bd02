// Escape attempts against the real Linux helper, once per sandboxed policy.
// Every case checks the effect where it would land (the file outside the
// roots, a listener on 127.0.0.1, the target process), not just an exit code.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxPolicy } from '../../main/core/sandbox/policy.js';
import { baseEnv, hasPython, onLinux, PY, py, READ_ONLY, run, sh, useHelper, useScratch, ww } from '../support/linuxSandbox.js';

/** Counts what reaches 127.0.0.1: TCP connections, UDP datagrams, DNS queries. */
interface Loopback {
  tcpPort: number;
  udpPort: number;
  dnsPort: number;
  tcp: number;
  udp: number;
  dns: number;
  close(): Promise<void>;
}

/** The DNS reply: the query echoed with one A record, 192.0.2.7. */
function dnsAnswer(query: Buffer): Buffer {
  const header = Buffer.from(query.subarray(0, 12));
  header.writeUInt16BE(0x8180, 2); // response, recursion desired + available, no error
  header.writeUInt16BE(1, 6); // one answer
  const answer = Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 7]);
  return Buffer.concat([header, query.subarray(12), answer]);
}

async function startLoopback(): Promise<Loopback> {
  const counts = { tcp: 0, udp: 0, dns: 0 };
  const tcp = net.createServer((s) => {
    counts.tcp++;
    s.on('error', () => {}); // the client may hang up first
    s.end('hello\n');
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const udp = dgram.createSocket('udp4');
  udp.on('message', () => counts.udp++);
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  const dns = dgram.createSocket('udp4');
  dns.on('message', (msg, rinfo) => {
    counts.dns++;
    dns.send(dnsAnswer(msg), rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => dns.bind(0, '127.0.0.1', resolve));
  return {
    tcpPort: (tcp.address() as net.AddressInfo).port,
    udpPort: udp.address().port,
    dnsPort: dns.address().port,
    get tcp() {
      return counts.tcp;
    },
    get udp() {
      return counts.udp;
    },
    get dns() {
      return counts.dns;
    },
    async close() {
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      await new Promise<void>((resolve) => dns.close(() => resolve()));
    },
  };
}

/** A unix stream server counting connections; `where` is a path or '\0abstract-name'. */
async function unixServer(where: string): Promise<{ connections: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server = net.createServer((s) => {
    n++;
    s.on('error', () => {}); // the client may hang up first
    s.end('hello\n');
  });
  await new Promise<void>((resolve) => server.listen(where, resolve));
  return { connections: () => n, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * A unix datagram socket bound outside the sandbox by a host python
 * (node has no unix datagram sockets), reporting what it received.
 */
async function unixDatagramServer(where: string): Promise<{ send(text: string): Promise<void>; received(): Promise<string[]>; close(): Promise<void> }> {
  const script =
    'import socket, sys\ns = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\ns.bind(sys.argv[1])\nprint("ready", flush=True)\n' +
    'while True:\n    m = s.recv(100)\n    print(m.decode(), flush=True)\n    if m == b"stop": break';
  const child = spawn(PY!, ['-c', script, where], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  for (let i = 0; i < 200 && !out.includes('ready\n'); i++) await new Promise((r) => setTimeout(r, 10));
  const sendFromHost = (text: string) =>
    new Promise<void>((resolve) => {
      spawn(PY!, ['-c', 'import socket, sys; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(sys.argv[2].encode(), sys.argv[1])', where, text]).on(
        'close',
        () => resolve(),
      );
    });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return {
    send: sendFromHost,
    async received() {
      await sendFromHost('stop');
      await exited;
      return out.split('\n').filter((l) => l && l !== 'ready' && l !== 'stop');
    },
    async close() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

const nodeConnect = (target: string) =>
  `const s=require("net").connect(${target});s.on("connect",()=>{console.log("connected");s.destroy()});s.on("error",e=>console.log(e.code))`;
const nodeUdp = (port: number) =>
  `const s=require("dgram").createSocket("udp4");s.on("error",e=>{console.log(e.code);s.close()});` +
  `s.send("leak",${port},"127.0.0.1",e=>{console.log(e?e.code:"sent");s.close()})`;
const nodeDns = (port: number) =>
  `const r=new (require("dns").Resolver)({timeout:500,tries:1});r.setServers(["127.0.0.1:${port}"]);` +
  `r.resolve4("codex-sandbox.test",(e,a)=>console.log(e?e.code:a.join(",")))`;

// Reads a secret from another process three ways; prints what it got or the errno.
const PEEK = `
import ctypes, os, sys
pid, addr = int(sys.argv[1]), int(sys.argv[2])
libc = ctypes.CDLL(None, use_errno=True)
class iovec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]
out = ctypes.create_string_buffer(9)
local, remote = iovec(ctypes.addressof(out), 9), iovec(addr, 9)
n = libc.process_vm_readv(pid, ctypes.byref(local), 1, ctypes.byref(remote), 1, 0)
print("vm", out.raw.decode() if n == 9 else ctypes.get_errno())
try:
    with open("/proc/%d/mem" % pid, "rb", buffering=0) as f:
        f.seek(addr)
        print("mem", f.read(9).decode())
except OSError as e:
    print("mem", e.errno)
`;
// PTRACE_ATTACH, wait for the stop, PTRACE_DETACH.
const ATTACH = `
import ctypes, os, sys
pid = int(sys.argv[1])
libc = ctypes.CDLL(None, use_errno=True)
if libc.ptrace(16, pid, None, None) == 0:
    os.waitpid(pid, 0x40000000)
    libc.ptrace(17, pid, None, None)
    print("attached")
else:
    print("attach", ctypes.get_errno())
`;
// A process outside the sandbox holding "TOPSECRET" in memory; prints its address.
const TARGET = 'import ctypes, time\nb = ctypes.create_string_buffer(b"TOPSECRET")\nprint(ctypes.addressof(b), flush=True)\ntime.sleep(120)';

async function startTarget(): Promise<{ child: ChildProcess; pid: number; addr: string }> {
  const child = spawn(PY!, ['-c', TARGET], { stdio: ['ignore', 'pipe', 'inherit'] });
  const addr = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('error', reject);
  });
  return { child, pid: child.pid!, addr };
}

function procStatus(pid: number): { state: string; tracer: string } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { state: /^State:\s+(\S)/m.exec(s)?.[1] ?? '?', tracer: /^TracerPid:\s+(\d+)/m.exec(s)?.[1] ?? '?' };
}

const IO_URING_SETUP = `
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
params = ctypes.create_string_buffer(120)
fd = libc.syscall(425, 4, params)
print("ring" if fd >= 0 else ctypes.get_errno())
`;
/** io_uring works outside the sandbox here (else the EPERM case proves nothing). */
const ioUringOnHost = hasPython && spawnSync(PY!, ['-c', IO_URING_SETUP], { encoding: 'utf8' }).stdout === 'ring\n';

/** user.* xattrs can be set on the scratch filesystem (os.tmpdir()). */
function hostHasUserXattrs(dir: string): boolean {
  const f = path.join(dir, 'xattr-probe');
  writeFileSync(f, '');
  return spawnSync(PY!, ['-c', 'import os, sys; os.setxattr(sys.argv[1], "user.probe", b"1")', f]).status === 0;
}

const POLICIES: Array<[string, () => SandboxPolicy]> = [
  ['workspace-write', () => ww()],
  ['read-only', () => READ_ONLY],
];

describe.skipIf(!onLinux)('Linux sandbox escapes', () => {
  const helper = useHelper();
  const dirs = useScratch();
  let lo: Loopback;
  beforeAll(async () => {
    lo = await startLoopback();
  });
  afterAll(async () => {
    await lo.close();
  });

  const secret = () => path.join(dirs.outside, 'secret.txt');
  const expectOutsideUntouched = () => {
    expect(readFileSync(secret(), 'utf8')).toBe('original\n');
    expect(readdirSync(dirs.outside)).toEqual(['secret.txt']);
  };

  describe.each(POLICIES)('%s, network off', (_name, policy) => {
    it('creates nothing outside the roots (redirect, cp, touch, tee, open)', async () => {
      const o = dirs.outside;
      const r = await sh(
        policy(),
        dirs.ws,
        `echo x > ${o}/a; cp ${o}/secret.txt ${o}/b; touch ${o}/c; echo x | tee ${o}/d; echo x >> ${o}/secret.txt; ` +
          `${process.execPath} -e 'try{require("fs").writeFileSync("${o}/e","x")}catch(e){console.log(e.code)}'; echo done`,
      );
      expect(r.stdout).toMatch(/(EACCES|EROFS)\ndone\n$/);
      expectOutsideUntouched();
    });

    it('cannot write an outside file through a symlink in the cwd', async () => {
      symlinkSync(dirs.outside, path.join(dirs.ws, 'escape'));
      symlinkSync(secret(), path.join(dirs.ws, 'secret-link'));
      const r = await sh(policy(), dirs.ws, 'echo pwned > escape/secret.txt; echo pwned > secret-link; echo new > escape/new.txt; echo done');
      expect(r.stdout).toBe('done\n');
      expectOutsideUntouched();
    });

    it('cannot reach an outside file through a hard link', async () => {
      const r = await sh(policy(), dirs.ws, `ln ${secret()} hl; echo rc=$?; echo pwned > hl; echo done`);
      expect(r.stdout).toBe('rc=1\ndone\n');
      expect(r.stderr).toMatch(/Invalid cross-device link|Operation not permitted|Permission denied|Read-only file system/);
      // workspace-write may create a new, unrelated hl; never the outside inode.
      if (existsSync(path.join(dirs.ws, 'hl'))) expect(statSync(path.join(dirs.ws, 'hl')).ino).not.toBe(statSync(secret()).ino);
      expect(statSync(secret()).nlink).toBe(1);
      expectOutsideUntouched();
    });

    it('cannot rename a file from the cwd to outside', async () => {
      writeFileSync(path.join(dirs.ws, 'inside.txt'), 'inside\n');
      const r = await py(
        policy(),
        dirs.ws,
        'import os, sys\ntry:\n    os.rename("inside.txt", sys.argv[1] + "/moved.txt"); print("moved")\nexcept OSError as e: print(e.errno)',
        [dirs.outside],
      );
      const mv = await sh(policy(), dirs.ws, `mv inside.txt ${dirs.outside}/mv.txt; echo rc=$?`);
      expect(r.stdout).toMatch(/^(13|18|30)\n$/);
      expect(mv.stdout).toBe('rc=1\n');
      expect(readFileSync(path.join(dirs.ws, 'inside.txt'), 'utf8')).toBe('inside\n');
      expectOutsideUntouched();
    });

    it('cannot rename an outside file into the cwd', async () => {
      const r = await py(
        policy(),
        dirs.ws,
        'import os, sys\ntry:\n    os.rename(sys.argv[1], "stolen.txt"); print("moved")\nexcept OSError as e: print(e.errno)',
        [secret()],
      );
      const mv = await sh(policy(), dirs.ws, `mv ${secret()} .; echo rc=$?`);
      expect(r.stdout).toMatch(/^(13|18|30)\n$/);
      expect(mv.stdout).toBe('rc=1\n');
      expect(existsSync(path.join(dirs.ws, 'stolen.txt'))).toBe(false);
      // mv falls back to copy + unlink on EXDEV: workspace-write may keep the copy (reads are allowed).
      if (existsSync(path.join(dirs.ws, 'secret.txt'))) expect(statSync(path.join(dirs.ws, 'secret.txt')).ino).not.toBe(statSync(secret()).ino);
      expectOutsideUntouched();
    });

    it('cannot reopen a read-only fd for writing through /proc/self/fd', async () => {
      const r = await py(
        policy(),
        dirs.ws,
        [
          'import os, sys',
          'fd = os.open(sys.argv[1], os.O_RDONLY)',
          'for flags in (os.O_WRONLY | os.O_TRUNC, os.O_RDWR, os.O_WRONLY | os.O_APPEND):',
          '    try:',
          '        w = os.open("/proc/self/fd/%d" % fd, flags); os.write(w, b"pwned"); print("wrote")',
          '    except OSError as e: print(e.errno)',
          'print(os.read(fd, 100).decode(), end="")',
        ].join('\n'),
        [secret()],
      );
      expect(r.stdout).toMatch(/^(13|30)\n(13|30)\n(13|30)\noriginal\n$/);
      expectOutsideUntouched();
    });

    it('cannot write outside through /proc/self/root or /proc/self/cwd', async () => {
      const r = await py(
        policy(),
        dirs.ws,
        [
          'import os, sys',
          'def w(p, mode):',
          '    try:',
          '        with open(p, mode) as f: f.write("pwned")',
          '        print("wrote")',
          '    except OSError as e: print(e.errno)',
          'w("/proc/self/root" + sys.argv[1] + "/secret.txt", "a")',
          'w("/proc/%d/root" % os.getpid() + sys.argv[1] + "/new.txt", "w")',
          'os.chdir(sys.argv[1])',
          'w("/proc/self/cwd/secret.txt", "w")',
          'w("/proc/thread-self/cwd/new.txt", "w")',
        ].join('\n'),
        [dirs.outside],
      );
      expect(r.stdout).toMatch(/^((13|30)\n){4}$/);
      expectOutsideUntouched();
    });

    it('cannot mkdir outside', async () => {
      const o = dirs.outside;
      const r = await sh(policy(), dirs.ws, `mkdir ${o}/d; mkdir -p ${o}/p/q; ${PY ?? 'python3'} -c 'import os; os.makedirs("${o}/m/n")'; echo done`);
      expect(r.stdout).toBe('done\n');
      expectOutsideUntouched();
    });

    it('cannot chmod or chgrp outside (Landlock does not cover metadata: read-only mounts do)', async () => {
      const before = { file: statSync(secret()).mode, dir: statSync(dirs.outside).mode, gid: statSync(secret()).gid };
      const r = await sh(
        policy(),
        dirs.ws,
        `chmod 777 ${secret()}; echo $?; chmod 000 ${dirs.outside}; echo $?; chgrp $(id -g) ${secret()}; echo $?; ` +
          `${PY ?? 'python3'} -c 'import os; fd = os.open("${secret()}", os.O_RDONLY); os.fchmod(fd, 0o666)' 2>/dev/null; echo $?`,
      );
      expect(r.stdout).toBe('1\n1\n1\n1\n');
      expect(r.stderr).toMatch(/Read-only file system|Operation not permitted/);
      expect(statSync(secret()).mode).toBe(before.file);
      expect(statSync(dirs.outside).mode).toBe(before.dir);
      expectOutsideUntouched();
    });

    it('cannot truncate outside (truncate, O_TRUNC, ftruncate)', async () => {
      const s = secret();
      const r = await sh(policy(), dirs.ws, `truncate -s 0 ${s}; echo $?; true > ${s}; echo $?`);
      const python = await py(
        policy(),
        dirs.ws,
        [
          'import os, sys',
          'try: os.truncate(sys.argv[1], 0)',
          'except OSError as e: print(e.errno)',
          'fd = os.open(sys.argv[1], os.O_RDONLY)',
          'try: os.ftruncate(fd, 0)',
          'except OSError as e: print(e.errno)',
        ].join('\n'),
        [s],
      );
      expect(r.stdout).toBe('1\n2\n');
      expect(python.stdout).toMatch(/^(13|30)\n(22|9)\n$/);
      expectOutsideUntouched();
    });

    it('cannot change timestamps outside', async () => {
      const mtime = statSync(secret()).mtimeMs;
      const r = await sh(
        policy(),
        dirs.ws,
        `touch -d 2000-01-01 ${secret()}; echo $?; touch ${secret()}; echo $?; ${PY ?? 'python3'} -c 'import os; os.utime("${secret()}", (0, 0))' 2>/dev/null; echo $?`,
      );
      expect(r.stdout).toBe('1\n1\n1\n');
      expect(statSync(secret()).mtimeMs).toBe(mtime);
      expectOutsideUntouched();
    });

    it.skipIf(!hasPython)('cannot set or remove extended attributes outside', async (ctx) => {
      if (!hostHasUserXattrs(dirs.base)) ctx.skip('the scratch filesystem has no user xattrs');
      spawnSync(PY!, ['-c', 'import os, sys; os.setxattr(sys.argv[1], "user.keep", b"1")', secret()]);
      const r = await py(
        policy(),
        dirs.ws,
        [
          'import os, sys',
          'for f in (lambda: os.setxattr(sys.argv[1], "user.codex", b"pwned"), lambda: os.removexattr(sys.argv[1], "user.keep")):',
          '    try:',
          '        f(); print("changed")',
          '    except OSError as e: print(e.errno)',
        ].join('\n'),
        [secret()],
      );
      expect(r.stdout).toMatch(/^(1|30)\n(1|30)\n$/);
      const attrs = spawnSync(PY!, ['-c', 'import os, sys; print(sorted(os.listxattr(sys.argv[1])))', secret()], { encoding: 'utf8' });
      expect(attrs.stdout).toBe("['user.keep']\n");
      expectOutsideUntouched();
    });

    it('cannot write /proc/sys or /sys, even as root', async () => {
      const r = await sh(
        policy(),
        dirs.ws,
        'echo 1 > /proc/sys/vm/drop_caches; echo rc=$?; echo 60 > /proc/sys/vm/swappiness; echo rc=$?; echo x > /sys/kernel/uevent_helper; echo rc=$?',
      );
      expect(r.stdout).toBe('rc=2\nrc=2\nrc=2\n');
      expect(r.stderr).toMatch(/Permission denied|Read-only file system/);
    });

    it('cannot connect to a TCP listener on 127.0.0.1', async () => {
      const before = lo.tcp;
      const node = await run(policy(), dirs.ws, [process.execPath, '-e', nodeConnect(`${lo.tcpPort},"127.0.0.1"`)]);
      const python = await py(
        policy(),
        dirs.ws,
        'import socket, sys\ntry:\n    socket.create_connection(("127.0.0.1", int(sys.argv[1]))); print("connected")\nexcept OSError as e: print(e.errno)',
        [String(lo.tcpPort)],
      );
      expect(node.stdout).toBe('EPERM\n');
      expect(python.stdout).toBe('1\n');
      expect(lo.tcp).toBe(before);
    });

    it('cannot send UDP to a listener on 127.0.0.1', async () => {
      const before = lo.udp;
      const node = await run(policy(), dirs.ws, [process.execPath, '-e', nodeUdp(lo.udpPort)]);
      const python = await py(
        policy(),
        dirs.ws,
        'import socket, sys\ntry:\n    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"leak", ("127.0.0.1", int(sys.argv[1]))); print("sent")\nexcept OSError as e: print(e.errno)',
        [String(lo.udpPort)],
      );
      expect(node.stdout).toBe('EPERM\n');
      expect(python.stdout).toBe('1\n');
      await new Promise((r) => setTimeout(r, 50)); // a datagram in flight would land by now
      expect(lo.udp).toBe(before);
    });

    it('cannot resolve names through a DNS server on 127.0.0.1', async () => {
      const before = lo.dns;
      const r = await run(policy(), dirs.ws, [process.execPath, '-e', nodeDns(lo.dnsPort)]);
      expect(r.stdout).not.toMatch(/192\.0\.2\.7/);
      expect(r.stdout).toMatch(/^E[A-Z]+\n$/);
      expect(lo.dns).toBe(before);
    });

    it('cannot connect to a unix socket listening outside the roots', async () => {
      const server = await unixServer(path.join(dirs.outside, 'daemon.sock'));
      try {
        const r = await run(policy(), dirs.ws, [process.execPath, '-e', nodeConnect(JSON.stringify(path.join(dirs.outside, 'daemon.sock')))]);
        expect(r.stdout).toBe('EPERM\n');
        expect(server.connections()).toBe(0);
      } finally {
        await server.close();
      }
    });

    it('cannot connect to an abstract unix socket', async () => {
      const name = `\0codex-sbx-test-${process.pid}-${Date.now()}`;
      const server = await unixServer(name);
      try {
        const r = await run(policy(), dirs.ws, [process.execPath, '-e', nodeConnect(JSON.stringify(name))]);
        expect(r.stdout).toBe('EPERM\n');
        expect(server.connections()).toBe(0);
      } finally {
        await server.close();
      }
    });

    it.skipIf(!ioUringOnHost)('cannot set up io_uring (works outside the sandbox)', async () => {
      const r = await py(policy(), dirs.ws, IO_URING_SETUP);
      expect(r.stdout).toBe('1\n');
    });

    describe.skipIf(!hasPython)('another process', () => {
      let target: Awaited<ReturnType<typeof startTarget>>;
      beforeAll(async () => {
        target = await startTarget();
      });
      afterAll(() => {
        target.child.kill('SIGKILL');
      });
      afterEach(() => {
        expect(procStatus(target.pid)).toEqual({ state: 'S', tracer: '0' });
      });

      it('cannot ptrace-attach to it (it is not stopped)', async () => {
        const control = spawnSync(PY!, ['-c', ATTACH, String(target.pid)], { encoding: 'utf8' });
        expect(control.stdout).toBe('attached\n'); // the same script works unsandboxed
        const r = await py(policy(), dirs.ws, ATTACH, [String(target.pid)]);
        expect(r.stdout).toBe('attach 1\n');
        expect(procStatus(target.pid)).toEqual({ state: 'S', tracer: '0' });
      });

      it('cannot read its memory (process_vm_readv, /proc/PID/mem)', async () => {
        const control = spawnSync(PY!, ['-c', PEEK, String(target.pid), target.addr], { encoding: 'utf8' });
        expect(control.stdout).toBe('vm TOPSECRET\nmem TOPSECRET\n');
        const r = await py(policy(), dirs.ws, PEEK, [String(target.pid), target.addr]);
        expect(r.stdout).not.toMatch(/TOPSECRET/);
        // In its own PID namespace the target does not even exist (ENOENT).
        expect(r.stdout).toMatch(/^vm 1\nmem (1|2|13)\n$/);
      });
    });

    it('cannot signal a process outside the sandbox (Landlock ABI >= 6)', async (ctx) => {
      if (helper.landlockAbi < 6) ctx.skip('signal scoping needs Landlock ABI 6 (Linux 6.12)');
      const sleeper = spawn('sleep', ['30']);
      try {
        const r = await sh(policy(), dirs.ws, `kill -TERM ${sleeper.pid}; echo rc=$?; kill -0 $$ && echo self-ok`);
        expect(r.stdout).toBe('rc=1\nself-ok\n');
        await new Promise((res) => setTimeout(res, 50));
        expect(sleeper.exitCode).toBe(null);
        expect(sleeper.signalCode).toBe(null);
      } finally {
        sleeper.kill('SIGKILL');
      }
    });

    it('sees CODEX_SANDBOX, CODEX_SANDBOX_NETWORK_DISABLED and the caller environment', async () => {
      const env = { ...baseEnv(), CODEX_TEST_CALLER_VAR: 'from-caller' };
      const r = await sh(policy(), dirs.ws, 'echo "[$CODEX_SANDBOX] [$CODEX_SANDBOX_NETWORK_DISABLED] [$CODEX_TEST_CALLER_VAR]"', { env });
      expect(r.stdout).toBe('[linux-landlock] [1] [from-caller]\n');
    });
  });

  describe('workspace-write with network on', () => {
    const net = () => ww({ networkAccess: true });

    it('reaches a UDP listener on 127.0.0.1', async () => {
      const before = lo.udp;
      const r = await run(net(), dirs.ws, [process.execPath, '-e', nodeUdp(lo.udpPort)]);
      expect(r.stdout).toBe('sent\n');
      for (let i = 0; i < 50 && lo.udp === before; i++) await new Promise((res) => setTimeout(res, 10));
      expect(lo.udp).toBe(before + 1);
    });

    it('resolves names through a DNS server on 127.0.0.1', async () => {
      const before = lo.dns;
      const r = await run(net(), dirs.ws, [process.execPath, '-e', nodeDns(lo.dnsPort)]);
      expect(r.stdout).toBe('192.0.2.7\n');
      expect(lo.dns).toBe(before + 1);
    });

    it('reads the interface list (NETLINK_ROUTE) and opens inet sockets', async () => {
      const r = await run(net(), dirs.ws, [process.execPath, '-e', 'console.log(Object.keys(require("os").networkInterfaces()).includes("lo"))']);
      expect(r.stdout).toBe('true\n');
    });

    it('still writes nothing outside the roots', async () => {
      const r = await sh(net(), dirs.ws, `echo x > ${dirs.outside}/a; chmod 777 ${secret()}; touch -d 2000-01-01 ${secret()}; echo ok > inside.txt; echo done`);
      expect(r.stdout).toBe('done\n');
      expect(readFileSync(path.join(dirs.ws, 'inside.txt'), 'utf8')).toBe('ok\n');
      expectOutsideUntouched();
      expect(statSync(secret()).mode & 0o777).toBe(0o644);
    });
  });

  describe.each([...POLICIES, ['workspace-write with network on', () => ww({ networkAccess: true })] as [string, () => SandboxPolicy]])(
    '%s: host daemons stay out of reach',
    (_name, policy) => {
      it('cannot connect to a unix socket listening outside (pathname and abstract), from node or python', async () => {
        const sock = path.join(dirs.outside, 'daemon.sock');
        const name = `\0codex-sbx-test-${process.pid}-${Date.now()}`;
        const [pathServer, abstractServer] = await Promise.all([unixServer(sock), unixServer(name)]);
        try {
          const a = await run(policy(), dirs.ws, [process.execPath, '-e', nodeConnect(JSON.stringify(sock))]);
          const b = await run(policy(), dirs.ws, [process.execPath, '-e', nodeConnect(JSON.stringify(name))]);
          expect([a.stdout, b.stdout]).toEqual(['EPERM\n', 'EPERM\n']);
          if (hasPython) {
            const c = await py(
              policy(),
              dirs.ws,
              'import socket, sys\nfor addr in sys.argv[1:]:\n    try:\n        socket.socket(socket.AF_UNIX).connect(addr.replace("@", "\\0", 1)); print("connected")\n    except OSError as e: print(e.errno)',
              [sock, name.replace('\0', '@')],
            );
            expect(c.stdout).toBe('1\n1\n');
          }
          expect([pathServer.connections(), abstractServer.connections()]).toEqual([0, 0]);
        } finally {
          await Promise.all([pathServer.close(), abstractServer.close()]);
        }
      });

      it.skipIf(!hasPython)('cannot send a datagram to a unix socket outside (sendto, sendmsg, through any socket it can make)', async () => {
        const sock = path.join(dirs.outside, 'log.sock');
        const server = await unixDatagramServer(sock);
        try {
          const r = await py(
            policy(),
            dirs.ws,
            [
              'import socket, sys',
              'addr = sys.argv[1]',
              'def t(f):',
              '    try:',
              '        f(); return "sent"',
              '    except OSError as e: return str(e.errno)',
              'print(t(lambda: socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b"leak", addr)))',
              'print(t(lambda: socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendmsg([b"leak"], [], 0, addr)))',
              'print(t(lambda: socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)[0].sendmsg([b"leak"], [], 0, addr)))',
              'for kind in (socket.SOCK_STREAM, socket.SOCK_SEQPACKET):',
              '    a, b = socket.socketpair(socket.AF_UNIX, kind)',
              '    t(lambda: a.sendmsg([b"leak"], [], 0, addr)); t(lambda: a.sendto(b"leak", addr))',
            ].join('\n'),
            [sock],
          );
          const lines = r.stdout.trim().split('\n');
          expect(lines).toEqual(['1', '1', '1']);
          // A stream or seqpacket pair ignores the address (or refuses it): whatever it sent stayed in the pair.
          await server.send('control'); // the server works: only this one arrives
          expect(await server.received()).toEqual(['control']);
        } finally {
          await server.close();
        }
      });

      it.skipIf(!hasPython)('cannot open vsock, packet or netlink sockets other than NETLINK_ROUTE', async () => {
        const r = await py(
          policy(),
          dirs.ws,
          [
            'import socket',
            'def t(*a):',
            '    try:',
            '        socket.socket(*a).close(); return "ok"',
            '    except OSError as e: return str(e.errno)',
            'print("vsock", t(40, socket.SOCK_STREAM), "packet", t(17, socket.SOCK_RAW), "diag", t(16, socket.SOCK_RAW, 4), "uevent", t(16, socket.SOCK_DGRAM, 15), "route", t(16, socket.SOCK_RAW, 0))',
          ].join('\n'),
        );
        const networkOn = policy().mode === 'workspace-write' && (policy() as { networkAccess: boolean }).networkAccess;
        expect(r.stdout).toBe(`vsock 1 packet 1 diag 1 uevent 1 route ${networkOn ? 'ok' : '1'}\n`);
      });
    },
  );

  describe('older Landlock ABIs (lowered with the test-only override)', () => {
    const TEST_ABI = 'CODEX_LINUX_SANDBOX_TEST_MAX_LANDLOCK_ABI';

    it('the override only ever lowers the ABI', () => {
      const probe = (v: string) => spawnSync(helper.path, ['--probe'], { env: { ...baseEnv(), [TEST_ABI]: v }, encoding: 'utf8' }).stdout;
      expect(probe('1')).toMatch(/^landlock_abi=1\n/);
      expect(probe('99')).toMatch(new RegExp(`^landlock_abi=${helper.landlockAbi}\\n`));
    });

    it.skipIf(!hasPython)('with namespaces, ABI 1 is not weaker: no signals out, no truncation, no sockets outside', async () => {
      const sleeper = spawn('sleep', ['30']);
      const server = await unixServer(path.join(dirs.outside, 'daemon.sock'));
      try {
        const env = { ...baseEnv(), [TEST_ABI]: '1' };
        const r = await sh(
          ww({ networkAccess: true }),
          dirs.ws,
          `kill -TERM ${sleeper.pid}; echo kill=$?; ${PY} -c 'import os, sys\ntry: os.close(os.open(sys.argv[1], os.O_RDONLY | os.O_TRUNC))\nexcept OSError as e: print("trunc", e.errno)' ${secret()}; ` +
            `${process.execPath} -e '${nodeConnect(JSON.stringify(path.join(dirs.outside, 'daemon.sock')))}'; echo x > inside && echo ok`,
          { env },
        );
        expect(r.stdout).toBe('kill=1\ntrunc 30\nEPERM\nok\n');
        expect(sleeper.exitCode).toBe(null);
        expect(server.connections()).toBe(0);
        expect(readFileSync(secret(), 'utf8')).toBe('original\n');
      } finally {
        sleeper.kill('SIGKILL');
        await server.close();
      }
    });

    it('without namespaces, refuses to run and names what the kernel lacks (ABI < 6: signals, < 3: truncation)', async () => {
      // A helper started inside the sandbox can create no namespace.
      const inner = (abi: number, name: string) =>
        `${TEST_ABI}=${abi} ${helper.path} --mode read-only --allow-unprotected -- sh -c 'echo ran-${name}'; echo rc=$?`;
      const r = await sh(ww(), dirs.ws, `${inner(5, 'five')}; ${inner(2, 'two')}; ${inner(helper.landlockAbi, 'current')}`);
      expect(r.stdout).toBe(`rc=1\nrc=1\n${helper.landlockAbi >= 6 ? 'ran-current\nrc=0\n' : 'rc=1\n'}`);
      const refusals = r.stderr.split('\n').filter((l) => l.includes('Refusing to run the command'));
      expect(refusals[0]).toMatch(/Landlock \(ABI 5\) lacks signal scoping \(ABI 6, Linux 6\.12\)/);
      expect(refusals[0]).not.toMatch(/truncation/);
      expect(refusals[1]).toMatch(/Landlock \(ABI 2\) lacks control of truncation \(ABI 3, Linux 6\.2\).*signal scoping/);
    });
  });

  describe('allowed inside the roots', () => {
    it('chmod, timestamps, xattrs, mkdir, rename and hard links work in the cwd', async () => {
      const script =
        'mkdir -p d/e && echo x > d/f && chmod 700 d/f && touch -d 2000-01-01 d/f && mv d/f d/e/g && ln d/e/g h && ' +
        `${PY ?? 'python3'} -c 'import os; os.setxattr("h", "user.ok", b"1")' 2>/dev/null; echo xattr=$?`;
      const r = await sh(ww(), dirs.ws, script);
      const g = path.join(dirs.ws, 'd', 'e', 'g');
      expect(r.stdout).toMatch(/^xattr=[0-9]+\n$/);
      expect(readFileSync(g, 'utf8')).toBe('x\n');
      expect(statSync(g).mode & 0o777).toBe(0o700);
      expect(statSync(g).mtime.getUTCFullYear()).toBe(2000);
      expect(statSync(g).nlink).toBe(2);
      if (hasPython && hostHasUserXattrs(dirs.base)) expect(r.stdout).toBe('xattr=0\n');
    });

    it('writes in an added writable root, and in /tmp and $TMPDIR when they are not excluded', async () => {
      const extra = path.join(dirs.base, 'extra');
      const tmpdir = path.join(dirs.base, 'tmpdir');
      mkdirSync(extra);
      mkdirSync(tmpdir);
      const env = { ...baseEnv(), TMPDIR: tmpdir };
      const policy = ww({ writableRoots: [extra], excludeSlashTmp: false, excludeTmpdirEnvVar: false });
      const slashTmp = `/tmp/codex-sbx-slash-${process.pid}-${Date.now()}`;
      try {
        const r = await sh(policy, dirs.ws, `echo a > ${extra}/a && echo b > ${tmpdir}/b && mkdir ${slashTmp} && echo c > ${slashTmp}/c && echo ok`, { env });
        expect(r.stdout).toBe('ok\n');
        expect(readFileSync(path.join(extra, 'a'), 'utf8')).toBe('a\n');
        expect(readFileSync(path.join(tmpdir, 'b'), 'utf8')).toBe('b\n');
        expect(readFileSync(path.join(slashTmp, 'c'), 'utf8')).toBe('c\n');
      } finally {
        spawnSync('rm', ['-rf', slashTmp]);
      }
      expectOutsideUntouched();
    });

    it('keeps a nested root writable under an enclosing one (mount order) and the cwd usable', async () => {
      // /tmp and the cwd below it are both roots: the cwd's mount must stay
      // on top, and relative paths must resolve through the new mounts.
      mkdirSync(path.join(dirs.ws, '.git'));
      const r = await sh(ww({ excludeSlashTmp: false }), dirs.ws, 'echo a > rel.txt && echo b > ./sub.txt; echo x > .git/config; echo done');
      expect(r.stdout).toBe('done\n');
      expect(readFileSync(path.join(dirs.ws, 'rel.txt'), 'utf8')).toBe('a\n');
      expect(existsSync(path.join(dirs.ws, '.git', 'config'))).toBe(false);
    });

    it('falls back to refusing metadata changes with seccomp in read-only mode when no mount namespace is available', async () => {
      // A helper started inside a sandbox can create no namespace. The outer
      // run makes `base` writable, so only the inner helper's fallback stands
      // between the command and chmod/utimes/xattrs on secret.txt.
      linkSync(secret(), path.join(dirs.base, 'control.txt'));
      const inner = `${helper.path} --mode read-only --allow-unprotected -- sh -c 'chmod 777 ${secret()}; echo $?; touch -d 2000-01-01 ${secret()}; echo $?'`;
      const outer = ww({ writableRoots: [dirs.base] });
      const control = await sh(outer, dirs.ws, `chmod 600 ${dirs.base}/control.txt && echo control-ok`);
      expect(control.stdout).toBe('control-ok\n'); // the outer sandbox alone would allow it
      const r = await sh(outer, dirs.ws, inner);
      expect(r.stdout).toBe('1\n1\n');
      expect(r.stderr).toMatch(/Operation not permitted/);
      expect(statSync(secret()).mode & 0o777).toBe(0o600); // the control's chmod, via the hard link
      expect(statSync(secret()).mtime.getUTCFullYear()).not.toBe(2000);
    });
  });
});
