// Differential tests against the real Codex applier (codex 0.169 run as
// `codex --codex-run-as-apply-patch PATCH`, the entry point `apply_patch`
// dispatches to). Each scenario starts from the same tree in two temp dirs;
// on success the final trees and the output must be identical, on failure
// Codex's error text must be the core of ours. Skipped when the binary is
// not installed (set CODEX_APPLY_PATCH_BIN to point at a codex binary).

import { spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { applyPatch } from '../../main/core/tools/applyPatch/index.js';
import { makeTempDir, readTree, writeTree } from '../support/dirTrees.js';

// The reference 0.169 binary where a developer installed it, else the codex
// that @openai/codex-sdk (a devDependency) pins, so CI compares too.
const VENDOR_BIN = 'node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex';
const CODEX_BIN =
  process.env.CODEX_APPLY_PATCH_BIN ??
  [`/opt/codexref/${VENDOR_BIN}`, new URL(`../../${VENDOR_BIN}`, import.meta.url).pathname].find((p) => existsSync(p)) ??
  `/opt/codexref/${VENDOR_BIN}`;
const available = existsSync(CODEX_BIN);

interface Scenario {
  name: string;
  files?: Record<string, string | Buffer>;
  dirs?: string[];
  patch: string;
}

const P = (...lines: string[]) => ['*** Begin Patch', ...lines, '*** End Patch'].join('\n');

const scenarios: Scenario[] = [
  { name: 'add file', patch: P('*** Add File: hello.txt', '+Hello', '+world') },
  { name: 'add empty file', patch: P('*** Add File: empty.txt') },
  { name: 'add nested file', patch: P('*** Add File: a/b/c.txt', '+deep') },
  { name: 'add overwrites', files: { 'x.txt': 'old\n' }, patch: P('*** Add File: x.txt', '+new') },
  { name: 'delete file', files: { 'd.txt': 'bye\n', 'k.txt': 'k\n' }, patch: P('*** Delete File: d.txt') },
  {
    name: 'multiple operations',
    files: { 'mod.txt': 'line1\nline2\n', 'del.txt': 'x\n' },
    patch: P('*** Add File: nested/new.txt', '+created', '*** Delete File: del.txt', '*** Update File: mod.txt', '@@', ' line1', '-line2', '+changed'),
  },
  {
    name: 'multiple chunks',
    files: { 'm.txt': 'one\ntwo\nthree\nfour\nfive\nsix\nseven\n' },
    patch: P('*** Update File: m.txt', '@@', ' one', '-two', '+TWO', '@@', ' five', '-six', '+SIX'),
  },
  {
    name: 'context marker',
    files: { 'c.py': 'def a():\n    x = 1\n\ndef b():\n    x = 1\n' },
    patch: P('*** Update File: c.py', '@@ def b():', '-    x = 1', '+    x = 2'),
  },
  { name: 'move to new directory', files: { 'old/f.txt': 'a\nb\n' }, patch: P('*** Update File: old/f.txt', '*** Move to: new/g/f.txt', '@@', '-b', '+B') },
  {
    name: 'move overwrites destination',
    files: { 'a.txt': 'a\n', 'b.txt': 'b\n' },
    patch: P('*** Update File: a.txt', '*** Move to: b.txt', '@@', '-a', '+A'),
  },
  { name: 'appends trailing newline', files: { 'n.txt': 'no newline' }, patch: P('*** Update File: n.txt', '@@', '-no newline', '+with newline') },
  { name: 'pure addition chunk', files: { 'p.txt': 'a\nb\n' }, patch: P('*** Update File: p.txt', '@@ a', '+added') },
  { name: 'pure addition after blank last line', files: { 'p.txt': 'a\nb\n\n' }, patch: P('*** Update File: p.txt', '@@', '+z') },
  { name: 'deletion only', files: { 'o.txt': 'keep\ndrop\nkeep2\n' }, patch: P('*** Update File: o.txt', '@@', ' keep', '-drop', ' keep2') },
  { name: 'delete all lines', files: { 'o.txt': 'a\n' }, patch: P('*** Update File: o.txt', '@@', '-a') },
  { name: 'end of file marker', files: { 'e.txt': 'x\ny\nx\ny\n' }, patch: P('*** Update File: e.txt', '@@', ' x', '-y', '+Y', '*** End of File') },
  {
    name: 'end of file with trailing empty line',
    files: { 'e.txt': 'a\nb\nc\n' },
    patch: P('*** Update File: e.txt', '@@', '-c', '-', '+C', '*** End of File'),
  },
  {
    name: 'unicode normalisation',
    files: { 'u.txt': 'a \u2014 b\n\u201chi\u201d\nit\u2019s\u00a0ok\n' },
    patch: P('*** Update File: u.txt', '@@', ' a - b', '-"hi"', "-it's ok", '+plain'),
  },
  { name: 'rstrip and trim passes', files: { 'w.txt': 'x  \n   y\nz\n' }, patch: P('*** Update File: w.txt', '@@', ' x', '-y', '+Y') },
  {
    name: 'whitespace padded markers',
    files: { 'f.txt': 'a\nb\nc\n' },
    patch: '\n  *** Begin Patch  \n   *** Update File: f.txt  \n*** Move to: g.txt  \n@@ \n-c\n+C\n*** End of File  \n  *** End Patch  \n\n',
  },
  { name: 'heredoc wrapper', files: { 'h.txt': 'a\n' }, patch: `<<'EOF'\n${P('*** Update File: h.txt', '-a', '+b')}\nEOF\n` },
  { name: 'heredoc double quotes', patch: `<<"EOF"\n${P('*** Add File: q.txt', '+q')}\nEOF` },
  { name: 'crlf patch', files: { 'l.txt': 'a\nb\nc\n' }, patch: P('*** Update File: l.txt', '@@', '-b', '+B').replace(/\n/g, '\r\n') },
  { name: 'crlf file', files: { 'r.txt': 'a\r\nb\r\nc\r\n' }, patch: P('*** Update File: r.txt', '@@', ' a', '-b', '+B', '+B2') },
  { name: 'mixed endings', files: { 'r.txt': 'a\r\nb\nc\nd\n' }, patch: P('*** Update File: r.txt', '@@', '-b', ' c', '+X') },
  { name: 'crlf no final newline', files: { 'r.txt': 'a\r\nb\r\nc' }, patch: P('*** Update File: r.txt', '@@', '-a', '+A') },
  { name: 'same file twice', files: { 's.txt': 'a\nb\n' }, patch: P('*** Update File: s.txt', '-a', '+A', '*** Update File: s.txt', '-b', '+B') },
  { name: 'update then delete', files: { 's.txt': 'a\n' }, patch: P('*** Update File: s.txt', '-a', '+A', '*** Delete File: s.txt') },
  { name: 'add then update', patch: P('*** Add File: t.txt', '+1', '*** Update File: t.txt', '-1', '+2') },
  { name: 'blank lines before chunk', files: { 'b.txt': 'a\nb\n' }, patch: P('*** Update File: b.txt', '', '   ', '@@', '-a', '+A') },
  { name: 'blank line before chunk', files: { 'b.txt': 'a\nb\n' }, patch: P('*** Update File: b.txt', '', '@@', '-a', '+A') },
  {
    name: 'blank lines between chunks',
    files: { 'b.txt': 'a\nb\n' },
    patch: P('*** Update File: b.txt', '@@', '-b', '+B', '*** End of File', '', '   ', '*** Add File: c', '+c'),
  },
  { name: 'empty context line', files: { 'b.txt': 'a\n\nc\n' }, patch: P('*** Update File: b.txt', '@@', ' a', '', '-c', '+C') },
  { name: 'bom kept', files: { 'bom.txt': '\ufeffa\nb\n' }, patch: P('*** Update File: bom.txt', '@@', '-b', '+B') },
  {
    name: 'update after move',
    files: { 'a.txt': 'a\n' },
    patch: P('*** Update File: a.txt', '*** Move to: b.txt', '-a', '+b', '*** Update File: b.txt', '-b', '+c'),
  },
  { name: 'delete then add', files: { 'a.txt': 'a\n' }, patch: P('*** Delete File: a.txt', '*** Add File: a.txt', '+again') },
  {
    name: 'overlapping end of file chunk',
    files: { 'o.txt': 'a\nb\nc\n' },
    patch: P('*** Update File: o.txt', '@@', '-b', '-c', '+X', '@@', ' c', '+d', '*** End of File'),
  },
  {
    name: 'end of file chunk after the cursor',
    files: { 'o.txt': 'a\nb\nc\nc\n' },
    patch: P('*** Update File: o.txt', '@@', '-b', '+X', '@@', '-c', '+d', '*** End of File'),
  },
  { name: 'chunks out of order', files: { 'o.txt': 'a\nb\nc\n' }, patch: P('*** Update File: o.txt', '@@', '-c', '+X', '@@', '-a', '+d') },
  { name: 'context then pure addition', files: { 'c.txt': 'a\nb\nc\n' }, patch: P('*** Update File: c.txt', '@@ b', '+after b?') },
  { name: 'lone cr at end', files: { 'r.txt': 'a\r\nb\r' }, patch: P('*** Update File: r.txt', '@@', '+z') },
  { name: 'indented markers are lines', files: { 'i.txt': 'a\n @@\nb\n' }, patch: P('*** Update File: i.txt', '  @@', '-b', '+B') },
  // failures
  { name: 'context with trailing spaces', files: { 'a.txt': 'a\n' }, patch: P('*** Update File: a.txt', '@@ zz  ', '-a', '+b') },
  { name: 'context with leading spaces', files: { 'a.txt': 'a\n' }, patch: P('*** Update File: a.txt', '@@   zz', '-a', '+b') },
  { name: 'tab after @@', files: { 'a.txt': 'a\n' }, patch: P('*** Update File: a.txt', '@@\tb', '-a') },
  { name: 'update incomplete utf8', files: { 'bin.dat': Buffer.from([0x61, 0xe2]) }, patch: P('*** Update File: bin.dat', '-a', '+b') },
  { name: 'empty patch', patch: P() },
  { name: 'missing begin', patch: '*** Add File: a\n+a\n*** End Patch' },
  { name: 'missing end', patch: '*** Begin Patch\n*** Add File: a\n+a' },
  { name: 'invalid hunk header', patch: P('*** Frobnicate File: a') },
  { name: 'empty update hunk', files: { 'a.txt': 'a\n' }, patch: P('*** Update File: a.txt') },
  { name: 'chunk without lines', files: { 'a.txt': 'a\n' }, patch: P('*** Update File: a.txt', '@@') },
  { name: 'unexpected line', files: { 'a.txt': 'a\n' }, patch: P('*** Update File: a.txt', '@@', 'oops') },
  { name: 'second chunk without marker', files: { 'a.txt': 'a\n' }, patch: P('*** Update File: a.txt', '@@', '-a', 'oops') },
  { name: 'missing context', files: { 'a.txt': 'a\n' }, patch: P('*** Update File: a.txt', '@@ nowhere', '-a', '+b') },
  { name: 'missing lines', files: { 'a.txt': 'a\nb\n' }, patch: P('*** Update File: a.txt', '@@', ' a', '-zzz', '+y') },
  { name: 'eof lines not at end', files: { 'a.txt': 'a\nb\nc\n' }, patch: P('*** Update File: a.txt', '@@', ' a', '-b', '+B', '*** End of File') },
  { name: 'update missing file', patch: P('*** Update File: nope.txt', '@@', '-a', '+b') },
  { name: 'update directory', dirs: ['d'], patch: P('*** Update File: d', '@@', '-a', '+b') },
  { name: 'update non utf8', files: { 'bin.dat': Buffer.from([0x61, 0x0a, 0xe2, 0x82, 0x0a]) }, patch: P('*** Update File: bin.dat', '-a', '+b') },
  { name: 'delete missing file', patch: P('*** Delete File: ghost.txt') },
  { name: 'delete directory', dirs: ['sub'], patch: P('*** Delete File: sub') },
  { name: 'add over directory', dirs: ['sub'], patch: P('*** Add File: sub', '+x') },
  {
    name: 'failure after partial success',
    files: { 'ok.txt': 'ok\n' },
    patch: P('*** Update File: ok.txt', '-ok', '+changed', '*** Update File: ok.txt', '-missing', '+x'),
  },
];

let codexRoot: string;
let oursRoot: string;

beforeAll(async () => {
  codexRoot = await makeTempDir('apply-patch-codex-');
  oursRoot = await makeTempDir('apply-patch-ours-');
});
afterAll(async () => {
  await fs.rm(codexRoot, { recursive: true, force: true });
  await fs.rm(oursRoot, { recursive: true, force: true });
});

async function prepare(root: string, index: number, s: Scenario): Promise<string> {
  const dir = `${root}/s${index}`;
  await fs.mkdir(dir, { recursive: true });
  await writeTree(dir, s.files ?? {});
  for (const d of s.dirs ?? []) await fs.mkdir(`${dir}/${d}`, { recursive: true });
  return dir;
}

describe.runIf(available)('parity with the real Codex applier', () => {
  it.each(scenarios.map((s, i) => [s.name, i] as const))('%s', async (_name, index) => {
    const s = scenarios[index]!;
    const codexDir = await prepare(codexRoot, index, s);
    const oursDir = await prepare(oursRoot, index, s);
    const initial = await readTree(oursDir);

    const codex = spawnSync(CODEX_BIN, ['--codex-run-as-apply-patch', s.patch], { cwd: codexDir, encoding: 'utf8' });
    const ours = await applyPatch(s.patch, oursDir);

    if (codex.status === 0) {
      expect(ours.success).toBe(true);
      expect(ours.output).toBe(codex.stdout);
      expect(await readTree(oursDir)).toEqual(await readTree(codexDir));
      return;
    }

    expect(ours.success).toBe(false);
    const codexMessage = codex.stderr.replace(/\n$/, '').split(codexDir).join(oursDir);
    expect(codexMessage.length).toBeGreaterThan(0);
    // Codex's text is the core of ours (we add the verification prefix and the hunk).
    expect(ours.output.endsWith(codexMessage)).toBe(true);
    // Unlike Codex, nothing is ever changed on failure.
    expect(await readTree(oursDir)).toEqual(initial);
  });

  it('random patches behave the same', { timeout: 600_000 }, async () => {
    const rounds = Number(process.env.APPLY_PATCH_FUZZ_ROUNDS ?? 60);
    let seed = Number(process.env.APPLY_PATCH_FUZZ_SEED ?? 20251124);
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;
    const vocab = ['alpha', 'beta', 'gamma', '', '  indented', 'trail  ', 'x \u2014 y', '\u201cq\u201d', 'beta', 'tab\tbed'];
    const variants = (l: string) => [l, `${l}  `, `  ${l}`, l.replace('\u2014', '-').replace(/[\u201c\u201d]/g, '"')];
    let compared = 0;
    let succeeded = 0;
    for (let round = 0; round < rounds; round++) {
      const crlf = rand(5) === 0;
      const fileLines = Array.from({ length: 1 + rand(12) }, () => pick(vocab));
      const eol = crlf ? '\r\n' : '\n';
      const content = fileLines.join(eol) + (rand(4) === 0 ? '' : eol);
      const body: string[] = [];
      let pos = 0;
      for (let c = 0, chunks = 1 + rand(3); c < chunks && pos < fileLines.length; c++) {
        const start = pos + rand(Math.max(1, fileLines.length - pos));
        const len = 1 + rand(Math.min(3, fileLines.length - start));
        if (rand(3) === 0 && start > 0) body.push(`@@ ${pick(variants(fileLines[start - 1]!))}`);
        else body.push('@@');
        for (let k = start; k < start + len; k++) {
          const line = rand(8) === 0 ? 'not-in-file' : pick(variants(fileLines[k]!));
          const op = rand(3);
          if (op === 0) body.push(` ${line}`);
          else if (op === 1) body.push(`-${line}`);
          else body.push(`-${line}`, `+${pick(vocab)}`);
        }
        if (rand(3) === 0) body.push(`+${pick(vocab)}`);
        if (rand(6) === 0) body.push('*** End of File');
        pos = start + len;
      }
      const s: Scenario = { name: `random ${round}`, files: { 'f.txt': content }, patch: P('*** Update File: f.txt', ...body) };
      const index = 1000 + round;
      const codexDir = await prepare(codexRoot, index, s);
      const oursDir = await prepare(oursRoot, index, s);
      const codex = spawnSync(CODEX_BIN, ['--codex-run-as-apply-patch', s.patch], { cwd: codexDir, encoding: 'utf8' });
      const ours = await applyPatch(s.patch, oursDir);
      const context = `${JSON.stringify(content)}\n${s.patch}`;
      if (codex.status === 0) {
        succeeded++;
        expect(ours.output, context).toBe(codex.stdout);
        expect(await readTree(oursDir), context).toEqual(await readTree(codexDir));
      } else {
        const codexMessage = codex.stderr.replace(/\n$/, '').split(codexDir).join(oursDir);
        expect(ours.success, context).toBe(false);
        expect(ours.output.endsWith(codexMessage), `${context}\ncodex: ${codexMessage}\nours: ${ours.output}`).toBe(true);
      }
      compared++;
    }
    expect(compared).toBe(rounds);
    // Both outcomes must be exercised.
    expect(succeeded).toBeGreaterThan(rounds / 20);
    expect(succeeded).toBeLessThan(rounds - rounds / 20);
  });

  it('random patch structures parse and apply the same', { timeout: 600_000 }, async () => {
    const rounds = Number(process.env.APPLY_PATCH_FUZZ_ROUNDS ?? 60);
    let seed = Number(process.env.APPLY_PATCH_FUZZ_SEED ?? 4242);
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    const pieces = [
      '*** Add File: a.txt',
      '*** Add File: dir/n.txt',
      '*** Update File: f.txt',
      '*** Update File: d.txt',
      '*** Delete File: d.txt',
      '*** Delete File: f.txt',
      '*** Move to: m.txt',
      '*** Move to: sub/m.txt',
      '@@',
      '@@ ',
      '@@ alpha',
      '@@ beta  ',
      '  @@',
      '+x',
      '+',
      '-alpha',
      '-beta',
      '-',
      ' alpha',
      ' beta',
      '',
      '   ',
      '*** End of File',
      '*** End of File  ',
      'junk',
      '  *** Add File: b.txt',
      ' *** End Patch',
      '*** Frob',
      '+y',
      '-gamma',
      ' gamma',
    ];
    let compared = 0;
    let succeeded = 0;
    for (let round = 0; round < rounds; round++) {
      const body = Array.from({ length: 1 + rand(10) }, () => pieces[rand(pieces.length)]!);
      let text = P(...body);
      if (rand(10) === 0) text = `<<'EOF'\n${text}\nEOF`;
      if (rand(10) === 0) text = `  ${text.replace(/\n/g, rand(2) ? '\r\n' : '\n')}  \n`;
      const s: Scenario = { name: `structure ${round}`, files: { 'f.txt': 'alpha\nbeta\ngamma\n', 'd.txt': 'd\n' }, patch: text };
      const index = 5000 + round;
      const codexDir = await prepare(codexRoot, index, s);
      const oursDir = await prepare(oursRoot, index, s);
      const codex = spawnSync(CODEX_BIN, ['--codex-run-as-apply-patch', s.patch], { cwd: codexDir, encoding: 'utf8' });
      const ours = await applyPatch(s.patch, oursDir);
      const context = JSON.stringify(s.patch);
      if (codex.status === 0) {
        succeeded++;
        expect(ours.output, context).toBe(codex.stdout);
        expect(await readTree(oursDir), context).toEqual(await readTree(codexDir));
      } else {
        const codexMessage = codex.stderr.replace(/\n$/, '').split(codexDir).join(oursDir);
        expect(ours.success, context).toBe(false);
        expect(ours.output.endsWith(codexMessage), `${context}\ncodex: ${codexMessage}\nours: ${ours.output}`).toBe(true);
      }
      compared++;
    }
    expect(compared).toBe(rounds);
    // Both outcomes must be exercised.
    expect(succeeded).toBeGreaterThan(rounds / 20);
    expect(succeeded).toBeLessThan(rounds - rounds / 20);
  });

  it('Codex keeps partial changes where we change nothing', async () => {
    const index = scenarios.findIndex((s) => s.name === 'failure after partial success');
    const codexTree = await readTree(`${codexRoot}/s${index}`);
    expect(codexTree['ok.txt']).toBe('changed\n');
    expect((await readTree(`${oursRoot}/s${index}`))['ok.txt']).toBe('ok\n');
  });
});
