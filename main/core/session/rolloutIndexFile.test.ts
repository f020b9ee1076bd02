import { describe, expect, it } from 'vitest';
import { DecodedIndex, encodeBlock, encodeEnd, encodeEntry, encodeHeader, lineIdentity, type IndexEntry } from './rolloutIndexFile.js';
import { parseEntry } from './rolloutIndexEntry.js';
import type { RolloutSummary } from './rollout.js';

const dir = '/home/zoë/.codex/sessions/2026/03/04';
const older = '/home/zoë/.codex/sessions/2026/03/03';
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

const listing = { ino: 7, mtimeMs: 1796624196822.7793, readAt: 1796624407417 };

function block(d: string, entries: IndexEntry[], first = 1): string {
  const names = entries.map((_, i) => name(first + i));
  return encodeBlock(
    d,
    listing,
    names,
    entries.map((e, i) => encodeEntry(names[i]!, e, i === 0)),
  );
}

const decode = (text: string | Buffer, broken: (dir: string) => void = () => {}) => new DecodedIndex(Buffer.from(text), broken);

describe('the thread list index file', () => {
  it('gives back every entry exactly, also with text outside ASCII, and reads identities without parsing', () => {
    const entries = [entry(1, 'İstanbul: "quoted"\n\ttabbed 🦓'), entry(2, 'plain'), { ...entry(3, ''), summary: null }];
    const index = decode(encodeHeader() + block(dir, entries) + encodeEnd(3));
    expect(index.problem).toBeUndefined();
    expect(index.dirs.get(dir)).toMatchObject({ ino: 7, readAt: 1796624407417, paths: [1, 2, 3].map((n) => `${dir}/${name(n)}`) });
    entries.forEach((e, i) => {
      const path = `${dir}/${name(i + 1)}`;
      const raw = index.entry(path)!;
      expect([raw.stable, raw.id]).toEqual([i === 0, e.summary?.id ?? null]);
      expect(parseEntry(raw.text, path)).toEqual(e);
      expect(lineIdentity(raw)).toEqual({ ino: e.ino, size: e.size, mtimeMs: e.mtimeMs });
    });
    index.take(`${dir}/${name(1)}`);
    expect(index.entry(`${dir}/${name(1)}`)).toBeUndefined();
  });

  it('keeps the whole blocks of a file cut short or spoilt, and no more', () => {
    const whole = encodeHeader() + block(dir, [entry(1, 'a')]) + block(older, [entry(2, 'b'), entry(3, 'c')], 2) + encodeEnd(3);
    const cut = decode(whole.slice(0, whole.length - 60));
    expect(cut.problem).toBe('cut short (in block 2)');
    expect([...cut.dirs.keys()]).toEqual([dir]); // the other directory is read again
    expect(cut.entry(`${dir}/${name(1)}`)?.id).toBe(entry(1, '').summary!.id);
    expect(decode(whole.slice(0, whole.lastIndexOf('{"end"'))).problem).toBe('cut short (no end line)');
    expect(decode('{"format":3}\n').problem).toBe('not format 4');
    expect(decode(whole.replace('{"end":3}', '{"end":4}')).problem).toBe('holds 3 entries where its end says 4');
    // A block whose lines do not match its names: its entries are not used.
    const broken: string[] = [];
    const spoilt = decode(whole.replace(',"b",', ',"\n",'), (d) => broken.push(d));
    expect(spoilt.entry(`${older}/${name(2)}`)).toBeUndefined();
    expect(broken).toEqual([older]);
    expect(parseEntry('[1,"id","rollout-x.jsonl",1,2,3,4,"cwd"]', '/x')).toBeUndefined();
  });

  /** One block of sessions whose previews are `previews`, decoded. */
  const indexOfPreviews = (previews: string[]) =>
    decode(
      encodeHeader() +
        block(
          dir,
          previews.map((p, i) => entry(i + 1, p)),
        ) +
        encodeEnd(previews.length),
    );

  it('finds the lines that mention a term as lowercasing each line would', () => {
    const mentioning = (previews: string[], term: string) => {
      const index = indexOfPreviews(previews);
      return previews.flatMap((_, i) => (index.mentions(`${dir}/${name(i + 1)}`, term) ? [i] : []));
    };
    expect(mentioning(['Fix The Tests', 'a.b', 'axb fix'], 'fix t')).toEqual([0]);
    expect(mentioning(['Fix The Tests', 'a.b', 'axb fix'], 'a.b')).toEqual([1]); // not a pattern
    // 'İ' lowercases to 'i' and a combining dot, the Kelvin sign to 'k': ASCII terms find them.
    expect(mentioning(['Xİ', 'plain', '5 \u212a', 'zebra'], 'xi')).toEqual([0]);
    expect(mentioning(['Xİ', 'plain', '5 \u212a', 'zebra'], '5 k')).toEqual([2]);
    expect(mentioning(['Xİ', 'plain', '5 \u212a', 'zebra'], 'nothing')).toEqual([]);
  });

  it("reads a block's heads in one pass, only while each line names the file its place in the listing gives", () => {
    const entries = [entry(1, 'a'), entry(2, 'b'), { ...entry(3, ''), summary: null }];
    const index = decode(encodeHeader() + block(dir, entries) + encodeEnd(3));
    // block() writes the first line stable only; the third has no session.
    const heads = index.heads(dir)!;
    expect(heads).toMatchObject({ ids: [entry(1, '').summary!.id, entry(2, '').summary!.id, null], unstable: [1, 2] });
    expect([0, 1, 2].map((i) => heads.identity(i))).toEqual(entries.map((e) => ({ ino: e.ino, size: e.size, mtimeMs: e.mtimeMs })));
    index.take(`${dir}/${name(2)}`);
    expect([...index.heads(dir)!.taken]).toEqual([1]); // a parsed line may no longer say what the text does
    const names = [name(2), name(1)];
    const swapped = encodeBlock(dir, listing, names, [encodeEntry(name(1), entry(1, 'a'), true), encodeEntry(name(2), entry(2, 'b'), true)]);
    const misplaced = decode(encodeHeader() + swapped + encodeEnd(2));
    expect(misplaced.entry(`${dir}/${name(1)}`)).toBeUndefined();
    expect(misplaced.heads(dir)).toBeUndefined();
  });

  it('finds the lines holding a term as JSON writes it (quotes, backslashes, tabs, text outside ASCII), and a folder by its bytes', () => {
    const previews = ['say "Hi"', 'C:\\Users\\Zoë', 'tab\there', 'plain hi'];
    const index = indexOfPreviews(previews);
    const lines = (term: string) => [...index.linesMentioning(dir, term)!].sort();
    expect(lines('"hi"')).toEqual([0]);
    expect(lines('c:\\users\\zoë')).toEqual([1]);
    expect(lines('zoë')).toEqual([1]);
    expect(lines('tab\th')).toEqual([2]);
    expect(lines('hi')).toEqual([0, 3]);
    expect(lines('"plain')).toEqual([]);
    expect(index.linesMentioning(older, 'hi')).toBeUndefined();
    expect([...index.linesContaining(dir, [JSON.stringify('/work/café/sub')])!]).toEqual([0, 1, 2, 3]);
    expect([...index.linesContaining(dir, [JSON.stringify('/work/cafe')])!]).toEqual([]);
  });
});
