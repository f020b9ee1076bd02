// A root's listing as it comes in: each file, and each folder the first time
// a file inside it is met (what Codex offers as directory matches), appended
// in arrival order. A search can start on the first entries while git or the
// walk is still listing the rest (on 100,000 files that takes a few hundred
// milliseconds), and a picker can show matches before the whole tree is in.
//
// Paths are kept as they arrive, many to a string (git's output, a piece at a
// time, and the same lower-cased), each entry being offsets into one of them,
// with what matching needs of it in typed arrays. A string and an object per
// path made listing 100,000 files cost several times more (mostly the
// garbage collector moving them all), and more memory.
import { topBonusFor } from './fuzzyMatch.js';

/** flags: a folder rather than a file. */
const DIRECTORY = 1;
/** flags: the path holds whitespace (a letter after it earns the most). */
const WHITESPACE = 2;

/** Entries room is made for at first (then doubled as needed): a small tree fits, a big one grows a few times. */
const INITIAL_CAPACITY = 8192;

/** The last path a source added: a repeat of it right after is dropped (git lists a conflicted file once per stage). */
export interface RepeatGuard {
  text?: string;
  start?: number;
  end?: number;
}

export class Listing {
  /** Entries so far; grows until `complete`. */
  count = 0;
  complete = false;
  /** Bumped when the entries so far are thrown away (git failed midway: the walk lists the tree instead). */
  generation = 0;
  /** Resolves once complete. */
  readonly done: Promise<void>;

  /** The strings entries point into, as listed and lower-cased (same offsets). */
  texts: string[] = [];
  lowers: string[] = [];
  /** Per entry: which of texts/lowers, where its path starts and ends, where its name (last component) starts. */
  block = new Int32Array(INITIAL_CAPACITY);
  start = new Int32Array(INITIAL_CAPACITY);
  end = new Int32Array(INITIAL_CAPACITY);
  nameStart = new Int32Array(INITIAL_CAPACITY);
  /** Per entry: charMask of its lower-cased path (a query needing a character it lacks is refused at once). */
  chars = new Int32Array(INITIAL_CAPACITY);
  flags = new Uint8Array(INITIAL_CAPACITY);

  private resolveDone!: () => void;
  private folders = new Set<string>();
  /** The folder of the last file added: git lists a folder's files together, so most files need no folder lookup. */
  private lastFolder: string | null = null;
  private waiters: (() => void)[] = [];
  private shortestFirstOrder?: Int32Array;

  /** Files fed so far are all added once this resolves. */
  private fed: Promise<void> = Promise.resolve();

  /**
   * `gate`: waited for before each batch of files fed (a listing made again
   * in the background waits for the searches running to be over, so a
   * picker's keystrokes do not share the main thread with it).
   */
  constructor(private readonly gate?: () => Promise<void>) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /**
   * addFiles once the gate lets it, in the order fed; dropped if the listing
   * is reset meanwhile. Resolves once added (or dropped).
   */
  feed(text: string, repeats?: RepeatGuard): Promise<void> {
    const generation = this.generation;
    const { gate } = this;
    this.fed = this.fed.then(async () => {
      if (gate) await gate();
      if (this.generation === generation) this.addFiles(text, repeats);
    });
    return this.fed;
  }

  /** Resolves when the gate lets work for this listing go on (at once without one). */
  whenFree(): Promise<void> {
    return this.gate ? this.gate() : Promise.resolve();
  }

  /** Resolves once every batch fed so far is added. */
  settled(): Promise<void> {
    return this.fed;
  }

  /**
   * Adds files: paths relative to the root with forward slashes, each ended
   * by a NUL (as `git ls-files -z` writes them; whatever follows the last
   * NUL is ignored), and the folders on the way to them.
   */
  addFiles(text: string, repeats: RepeatGuard = {}): void {
    if (!text) return;
    const lower = lowerCased(text);
    const block = this.texts.length;
    this.texts.push(text);
    this.lowers.push(lower);
    const before = this.count;
    for (let s = 0, e = text.indexOf('\0'); e >= 0; s = e + 1, e = text.indexOf('\0', s)) {
      if (e === s || isRepeat(text, s, e, repeats)) continue;
      repeats.text = text;
      repeats.start = s;
      repeats.end = e;
      const slash = text.lastIndexOf('/', e - 1);
      const nameStart = slash >= s ? slash + 1 : s;
      // Same folder as the last file: it and every folder above it are in already.
      const folder = this.lastFolder;
      if (!(folder !== null && nameStart - 1 - s === folder.length && text.startsWith(folder, s))) {
        for (let i = text.indexOf('/', s); i >= s && i < nameStart; i = text.indexOf('/', i + 1)) {
          const dir = text.slice(s, i);
          if (this.folders.has(dir)) continue;
          this.folders.add(dir);
          this.push(block, s, i, text.lastIndexOf('/', i - 1) >= s ? text.lastIndexOf('/', i - 1) + 1 : s, DIRECTORY);
        }
        this.lastFolder = nameStart > s ? text.slice(s, nameStart - 1) : null;
      }
      this.push(block, s, e, nameStart, 0);
    }
    if (this.count > before) this.wake();
  }

  /** Throws away what was added so far (searches running on it start over). */
  reset(): void {
    this.count = 0;
    this.texts = [];
    this.lowers = [];
    this.folders = new Set();
    this.lastFolder = null;
    this.generation++;
    this.wake();
  }

  finish(): void {
    if (this.complete) return;
    this.complete = true;
    this.folders = new Set(); // only needed while adding
    this.resolveDone();
    this.wake();
    // Ready before the next keystroke needs it (after the searches woken above have had their turn).
    setImmediate(() => this.shortestFirst());
  }

  /** Resolves when more entries come in, or the listing completes (at once if it is complete). */
  grown(): Promise<void> {
    if (this.complete) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  path(i: number): string {
    return this.texts[this.block[i]!]!.slice(this.start[i], this.end[i]);
  }

  lowerPath(i: number): string {
    return this.lowers[this.block[i]!]!.slice(this.start[i], this.end[i]);
  }

  type(i: number): 'file' | 'directory' {
    return this.flags[i]! & DIRECTORY ? 'directory' : 'file';
  }

  isDirectory(i: number): boolean {
    return (this.flags[i]! & DIRECTORY) !== 0;
  }

  topBonus(i: number): number {
    return topBonusFor((this.flags[i]! & WHITESPACE) !== 0);
  }

  /**
   * The complete listing's entries, shortest path first (made once). Among
   * equal scores the shorter path is kept, so a scan that meets the short
   * ones first fills its best 50 with keepers early and skips the rest
   * without scoring them.
   */
  shortestFirst(): Int32Array {
    if (!this.complete) throw new Error('listing is not complete yet');
    if (this.shortestFirstOrder) return this.shortestFirstOrder;
    // A counting sort by length, in arrival order otherwise (the listing can hold 500,000 paths).
    const { count, start, end } = this;
    let longest = 0;
    for (let i = 0; i < count; i++) longest = Math.max(longest, end[i]! - start[i]!);
    const starts = new Int32Array(longest + 2);
    for (let i = 0; i < count; i++) starts[end[i]! - start[i]! + 1]!++;
    for (let l = 1; l < starts.length; l++) starts[l]! += starts[l - 1]!;
    const order = new Int32Array(count);
    for (let i = 0; i < count; i++) order[starts[end[i]! - start[i]!]!++] = i;
    return (this.shortestFirstOrder = order);
  }

  private push(block: number, start: number, end: number, nameStart: number, flags: number): void {
    if (this.count === this.block.length) this.grow();
    const i = this.count++;
    const lower = this.lowers[block]!;
    let chars = 0;
    let whitespace = false;
    for (let k = start; k < end; k++) {
      const c = lower.charCodeAt(k);
      chars |= 1 << (c & 31);
      if (c === 32 || c === 9) whitespace = true;
    }
    this.block[i] = block;
    this.start[i] = start;
    this.end[i] = end;
    this.nameStart[i] = nameStart;
    this.chars[i] = chars;
    this.flags[i] = flags | (whitespace ? WHITESPACE : 0);
  }

  private grow(): void {
    const size = this.block.length * 2;
    const bigger = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.block = bigger(this.block, (n) => new Int32Array(n));
    this.start = bigger(this.start, (n) => new Int32Array(n));
    this.end = bigger(this.end, (n) => new Int32Array(n));
    this.nameStart = bigger(this.nameStart, (n) => new Int32Array(n));
    this.chars = bigger(this.chars, (n) => new Int32Array(n));
    this.flags = bigger(this.flags, (n) => new Uint8Array(n));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** Whether text[s..e) is the path the same source added last. */
function isRepeat(text: string, s: number, e: number, last: RepeatGuard): boolean {
  if (last.text === undefined || last.end! - last.start! !== e - s) return false;
  // From the end: neighbours in git's sorted listing share their beginnings.
  for (let i = e - 1, j = last.end! - 1; i >= s; i--, j--) if (text.charCodeAt(i) !== last.text.charCodeAt(j)) return false;
  return true;
}

/**
 * The text lower-cased with each character's offset kept (entries point into
 * both). A character whose lower case is longer (a dotted capital I) is kept
 * as it is.
 */
function lowerCased(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const l = c.toLowerCase();
    out += l.length === 1 ? l : c;
  }
  return out;
}
