import { describe, expect, it } from 'vitest';
import { IndexLines, decodeIndex, encodeDir, encodeEnd, encodeEntry, encodeHeader, lineIdentity, parseEntry, type IndexEntry } from './rolloutIndexFile.js';
import type { RolloutSummary } from './rollout.js';

const dir = '/home/zoë/.codex/sessions/2026/03/04';
const name = (n: number) => `rollout-2026-03-04T10-0${n}-00-0190a6a4-0000-7000-8000-00000000000${n}.jsonl`;

function entry(n: number, preview: string): IndexEntry {
  const summary: RolloutSummary = {
    path: `${dir}/${name(n)}`,
    id: `0190a6a4-0000-7000-8000-00000000000${n}`,
    cwd: '/work/café',
    createdAt: 1772618400,
    updatedAt: 1772618460,
    modelProvider: 'openai',
    model: null,
    cliVersion: '0.169.0',
    source: { custom: 'desktop' },
    preview,
    lastCwd: '/work/café/sub',
  };
  return { ino: 1000 + n, size: 40_000 + n, mtimeMs: 1796624200334.0847 + n, checkedAt: 1796624407519, summary };
}

function file(entries: IndexEntry[]): Buffer {
  const lines = [encodeHeader(), encodeDir(dir, { ino: 7, mtimeMs: 1796624196822.7793, readAt: 1796624407417 })];
  entries.forEach((e, i) => lines.push(encodeEntry(name(i + 1), e, i === 0)));
  lines.push(encodeEnd(entries.length));
  return Buffer.from(lines.join('\n'));
}

describe('the thread list index file', () => {
  it('gives back every entry exactly, also with text outside ASCII, and reads identities without parsing', () => {
    const entries = [entry(1, 'İstanbul: "quoted"\n\ttabbed 🦓'), entry(2, 'plain'), { ...entry(3, ''), summary: null }];
    const decoded = decodeIndex(file(entries));
    expect(decoded.problem).toBeUndefined();
    expect(decoded.dirs.get(dir)).toMatchObject({ ino: 7, readAt: 1796624407417, paths: [1, 2, 3].map((n) => `${dir}/${name(n)}`) });
    const raw = [...decoded.raw.entries()];
    expect(raw.map(([path, r]) => [path, r.stable, r.id])).toEqual([
      [`${dir}/${name(1)}`, true, entries[0]!.summary!.id],
      [`${dir}/${name(2)}`, false, entries[1]!.summary!.id],
      [`${dir}/${name(3)}`, false, null],
    ]);
    raw.forEach(([path, r], i) => {
      const line = decoded.lines.text(r.line);
      expect(parseEntry(line, path)).toEqual(entries[i]);
      expect(lineIdentity(line, name(i + 1))).toEqual({ ino: entries[i]!.ino, size: entries[i]!.size, mtimeMs: entries[i]!.mtimeMs });
    });
  });

  it('keeps what is whole of a file cut short, but not the listing the cut falls in', () => {
    const whole = file([entry(1, 'a'), entry(2, 'b')]);
    const cut = decodeIndex(whole.subarray(0, whole.length - 40));
    expect(cut.problem).toBe('cut short (no end line)');
    expect(cut.dirs.size).toBe(0); // read again from the directory
    const [first, second] = [...cut.raw.entries()].map(([path, r]) => parseEntry(cut.lines.text(r.line), path));
    expect(first?.summary?.preview).toBe('a');
    expect(second).toBeUndefined(); // its line was cut: the rollout is read again
    expect(decodeIndex(whole.subarray(0, whole.lastIndexOf('\n'))).problem).toBe('cut short (no end line)');
    expect(decodeIndex(Buffer.from('{"format":2,"entries":{}}')).problem).toBe('not format 3');
    expect(parseEntry('[1,"id","rollout-x.jsonl",1,2,3,4,"cwd"]', '/x')).toBeUndefined();
  });

  it('finds the lines that mention a term as lowercasing each line would', () => {
    const lines = (text: string) => new IndexLines(Buffer.from(text));
    const ascii = lines('["Fix The Tests"]\n["a.b"]\n["axb fix"]');
    expect([...ascii.linesMentioning('fix t')]).toEqual([0]);
    expect([...ascii.linesMentioning('a.b')]).toEqual([1]); // not a pattern
    expect([...ascii.linesMentioning('fix')].sort()).toEqual([0, 2]);
    // 'İ' lowercases to 'i' and a combining dot, the Kelvin sign to 'k': ASCII terms find them.
    const other = lines('["Xİ"]\n["plain"]\n["5 \u212a"]\n["café"]');
    expect([...other.linesMentioning('xi')]).toEqual([0]);
    expect([...other.linesMentioning('5 k')]).toEqual([2]);
    expect([...other.linesMentioning('caf')]).toEqual([3]);
    expect([...other.linesMentioning('zebra')]).toEqual([]);
  });
});
