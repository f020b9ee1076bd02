// `@` file search benchmark (part of `npm run bench`; alone: `node
// bench/fuzzyFileSearch.mjs`): `fuzzyFileSearch` over `codex app-server` on a
// generated git repository of BENCH_FFS_FILES files (default 100,000, in 100
// folders). Measures the first search on a fresh server (listing included:
// time to first result), the first keystroke of a search session opened on a
// fresh server (sessionStart then sessionUpdate at once: until its first
// matches, and until its sessionCompleted; with the server's CPU time, its
// child processes included), and then one search per keystroke of a typed
// query (warm), ours next to Codex 0.169's when the reference is installed; then the
// same keystrokes through a search session (fuzzyFileSearch/sessionStart and
// sessionUpdate: from sending the keystroke to its first sessionUpdated, and
// to the sessionCompleted that says all its matches are in), for a word, a
// file name and a path typed letter by letter, with each keystroke's figure
// and the server's memory after. Prints tables; asserts nothing.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { codexReferenceBin } from './reference.mjs';

const FILES = Number(process.env.BENCH_FFS_FILES ?? 100_000);
const RUNS = Number(process.env.BENCH_FFS_RUNS ?? 3);
const SESSION_KEY_TIMEOUT_MS = 20_000;
const ROOT = resolve(import.meta.dirname, '..');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const root = realpathSync(mkdtempSync(join(tmpdir(), 'bench-ffs-')));
const repo = join(root, 'repo');
const home = join(root, 'home');
mkdirSync(repo);
mkdirSync(home);
const env = { ...process.env, CODEX_HOME: home, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' };
execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
// No automatic gc: after a 100,000-file commit git packs in the background for many seconds, racing the
// measurements and the removal of the tree at the end.
execFileSync('git', ['config', 'gc.auto', '0'], { cwd: repo });
for (let i = 0; i < FILES; i++) {
  const dir = join(repo, `pkg${i % 100}`, i % 3 ? 'src' : 'test');
  if (i < 300) mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `module${i}Handler.ts`), `${i}\n`);
}
execFileSync('git', ['add', '-A'], { cwd: repo, env });
execFileSync('git', ['commit', '-q', '-m', 'generated'], { cwd: repo, env });
// The 100,000 files just written are flushed now, not during the first target's cold searches (which made ours, measured first, look slower).
execFileSync('sync');

/** A fresh app-server; resolves a `search(query)` that answers with its wall time in ms. */
async function server(command, args) {
  const child = spawn(command, args, { cwd: repo, env, stdio: ['pipe', 'pipe', 'ignore'] });
  const waiting = new Map();
  let onNotification = () => {};
  createInterface({ input: child.stdout }).on('line', (line) => {
    const msg = JSON.parse(line);
    if (msg.id !== undefined && !msg.method) waiting.get(msg.id)?.(msg);
    else if (msg.method) onNotification(msg);
  });
  let id = 0;
  const request = (method, params) =>
    new Promise((res) => {
      const n = ++id;
      waiting.set(n, res);
      child.stdin.write(JSON.stringify({ id: n, method, params }) + '\n');
    });
  // Codex serves search sessions to clients that opt into its experimental API.
  await request('initialize', { clientInfo: { name: 'bench', version: '1' }, capabilities: { experimentalApi: true } });
  let sessions = 0;
  return {
    /** A search session over the repository; `type(query)` answers with the wall time to that query's sessionUpdated. */
    async session() {
      const sessionId = `bench-${++sessions}`;
      const res = await request('fuzzyFileSearch/sessionStart', { sessionId, roots: [repo] });
      if (res.error) throw new Error(`sessionStart: ${res.error.message}`);
      return {
        /** Wall times from sending the keystroke to its first sessionUpdated, and to the sessionCompleted after it (all matches in). */
        async type(query) {
          const t0 = process.hrtime.bigint();
          const since = () => Number(process.hrtime.bigint() - t0) / 1e6;
          let firstUpdate;
          let completedAt;
          const completed = new Promise((done) => {
            onNotification = (msg) => {
              if (msg.params?.sessionId !== sessionId) return;
              // Codex may first send a snapshot taken while its walk is still under way (even an empty one).
              if (msg.method === 'fuzzyFileSearch/sessionUpdated' && msg.params.query === query && firstUpdate === undefined) firstUpdate = since();
              // Codex sometimes sends sessionCompleted just before the sessionUpdated it closes: the keystroke is done once both are in.
              if (msg.method === 'fuzzyFileSearch/sessionCompleted' && completedAt === undefined) completedAt = since();
              if (firstUpdate !== undefined && completedAt !== undefined) done(Math.max(firstUpdate, completedAt));
            };
          });
          const r = await request('fuzzyFileSearch/sessionUpdate', { sessionId, query });
          if (r.error) throw new Error(`sessionUpdate: ${r.error.message}`);
          // A keystroke whose matches never complete is recorded as missing rather than waited for forever.
          const all = await Promise.race([completed, new Promise((done) => setTimeout(() => done(undefined), SESSION_KEY_TIMEOUT_MS))]);
          return { query, firstUpdate, all };
        },
      };
    },
    async search(query) {
      const t0 = process.hrtime.bigint();
      const res = await request('fuzzyFileSearch', { query, roots: [repo] });
      if (!res.result?.files?.length) throw new Error(`no result for ${query}: ${JSON.stringify(res).slice(0, 300)}`);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    },
    /** A session opened on this (fresh) server and its first keystroke at once: wall ms to its first non-empty sessionUpdated and to its sessionCompleted, and the CPU ms spent meanwhile. */
    async coldSession(query) {
      const cpu0 = treeCpuMs(child.pid);
      const t0 = process.hrtime.bigint();
      const since = () => Number(process.hrtime.bigint() - t0) / 1e6;
      let firstMatches;
      let updated;
      const completed = new Promise((done) => {
        onNotification = (msg) => {
          if (msg.params?.sessionId !== 'cold') return;
          if (msg.method === 'fuzzyFileSearch/sessionUpdated' && msg.params.query === query && msg.params.files.length > 0) {
            firstMatches ??= since();
            updated = since();
          }
          if (msg.method === 'fuzzyFileSearch/sessionCompleted') done(since());
        };
      });
      await request('fuzzyFileSearch/sessionStart', { sessionId: 'cold', roots: [repo] });
      await request('fuzzyFileSearch/sessionUpdate', { sessionId: 'cold', query });
      const completedAt = await Promise.race([completed, new Promise((done) => setTimeout(() => done(undefined), SESSION_KEY_TIMEOUT_MS))]);
      // Codex can send its last sessionUpdated just after sessionCompleted: done once both are in.
      await new Promise((r) => setTimeout(r, 200));
      return { firstMatches, all: completedAt === undefined ? undefined : Math.max(completedAt, updated ?? 0), cpuMs: treeCpuMs(child.pid) - cpu0 };
    },
    /** The server's resident memory (its own process; Codex's is one process too). */
    rssKiB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN),
    close: () => new Promise((res) => (child.on('close', res), child.stdin.end())),
  };
}

/** CPU ms (user + system) of a process and its descendants so far. */
function treeCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime, stime, and the same of waited-for children (git processes that ended).
    let ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    for (const task of readdirSync(`/proc/${pid}/task`))
      for (const kid of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) ticks += treeCpuMs(Number(kid)) / 10;
    return ticks * 10;
  } catch {
    return 0; // the process ended meanwhile
  }
}

const typed = 'module42hand';
/** What a picker's session is given, one letter at a time: a word, a file name, a path. */
const SESSION_QUERIES = ['main', 'module42hand', 'pkg7/src/mod'];
async function measure(label, command, args) {
  const first = [];
  const perKey = [];
  const sessionKey = [];
  const rssKiB = [];
  const cold = [];
  for (let r = 0; r < RUNS; r++) {
    const fresh = await server(command, args);
    cold.push(await fresh.coldSession('module4'));
    await fresh.close();
    const s = await server(command, args);
    first.push(await s.search('module4'));
    for (let k = 1; k <= typed.length; k++) perKey.push(await s.search(typed.slice(0, k)));
    // A picker opened on the warm server: its session's keystrokes.
    const session = await s.session();
    for (const q of SESSION_QUERIES) for (let k = 1; k <= q.length; k++) sessionKey.push(await session.type(q.slice(0, k)));
    await new Promise((r) => setTimeout(r, 200)); // a straggling notification of the last keystroke
    rssKiB.push(s.rssKiB());
    await s.close();
  }
  // Per keystroke, its median over the runs (a keystroke's query repeats once per run).
  const byQuery = new Map();
  for (const k of sessionKey) byQuery.set(k.query, [...(byQuery.get(k.query) ?? []), k.all ?? Infinity]);
  return {
    keystrokes: new Map([...byQuery].map(([q, times]) => [q, median(times)])),
    rssMiB: median(rssKiB) / 1024,
    label,
    coldFirstMatches: median(cold.map((c) => c.firstMatches ?? Infinity)),
    coldAll: median(cold.map((c) => c.all ?? Infinity)),
    coldCpu: median(cold.map((c) => c.cpuMs)),
    first: median(first),
    perKey: median(perKey),
    worstKey: Math.max(...perKey),
    sessionFirst: median(sessionKey.map((k) => k.firstUpdate ?? Infinity)),
    sessionAll: median(sessionKey.map((k) => k.all ?? Infinity)),
    worstSessionAll: Math.max(...sessionKey.map((k) => k.all ?? Infinity)),
    sessionMissing: sessionKey.filter((k) => k.all === undefined).map((k) => k.query),
  };
}

const rows = [await measure('ours', process.execPath, [join(ROOT, 'bin', 'codex.js'), 'app-server'])];
console.log('ours:', JSON.stringify(rows[0]));
const ref = codexReferenceBin();
if (ref) rows.push(await measure('codex 0.169', ref, ['app-server']));
console.log(
  `\nfuzzyFileSearch on a ${FILES}-file git repository (median of ${RUNS} fresh servers; one-shot per keystroke: '${typed}' typed one letter at a time; session keystrokes: ${SESSION_QUERIES.map((q) => `'${q}'`).join(', ')})\n`,
);
console.log(
  '| target | first result (cold) | per keystroke (median) | per keystroke (worst) | session keystroke: first update (median) | session keystroke: completed (median) | session keystroke: completed (worst) |',
);
console.log('|---|---|---|---|---|---|---|');
const f = (ms) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : 'no answer in 20 s');
for (const r of rows)
  console.log(
    `| ${r.label} | ${f(r.first)} | ${f(r.perKey)} | ${f(r.worstKey)} | ${f(r.sessionFirst)} | ${f(r.sessionAll)} | ${f(r.worstSessionAll)} |` +
      (r.sessionMissing.length ? ` (no sessionCompleted for: ${r.sessionMissing.join(', ')})` : ''),
  );
console.log(`\nsession opened on a fresh server, its first keystroke ('module4') sent at once (median of ${RUNS} fresh servers)\n`);
console.log('| target | first matches shown | all matches (sessionCompleted) | server CPU meanwhile (git included) |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${r.label} | ${f(r.coldFirstMatches)} | ${f(r.coldAll)} | ${r.coldCpu.toFixed(0)} ms |`);
console.log(
  `\nsession keystrokes (${SESSION_QUERIES.map((q) => `'${q}'`).join(', ')} typed one letter at a time): from sending the keystroke to its sessionCompleted, median of ${RUNS} runs each\n`,
);
console.log(`| keystroke | ${rows.map((r) => r.label).join(' | ')} |`);
console.log(`|---|${rows.map(() => '---|').join('')}`);
for (const q of rows[0].keystrokes.keys()) console.log(`| \`${q}\` | ${rows.map((r) => f(r.keystrokes.get(q))).join(' | ')} |`);
console.log(`| server RSS after typing | ${rows.map((r) => `${r.rssMiB.toFixed(0)} MiB`).join(' | ')} |`);
// A git process a server started may still be finishing in .git: retry the removal.
try {
  rmSync(root, { recursive: true, force: true, maxRetries: 20, retryDelay: 500 });
} catch (err) {
  console.error(`fuzzyFileSearch bench: could not remove ${root}: ${err.message}`); // a leftover folder must not end the bench
}
