// thread/list over thousands of sessions: what a list needs of each rollout
// (its summary) is kept in CODEX_HOME/cache/thread-list.jsonl (format in
// rolloutIndexFile.ts), keyed by the file's identity, so a listing, a search
// or a folder filter neither reads nor parses rollouts. A server starts
// reading that file when it starts (warm), and parses a line only when a
// listing needs it: a folder filter passes over a file whose line names
// neither folder once a stat shows the file as the line records it, a search
// over a stable line (below) without the term. Once the file is read, a
// background pass (in SLICE_MS slices) stats every file, keeping the lines
// that still describe their files unparsed, summarises the files the index
// lacks or that changed, and writes the index, so a start without one is
// fast the next time. A filtered listing passes over a whole day directory
// from its block of lines (one scan of its text) when every file in it is
// known to be out of the result: a search when all its lines are stable and
// none holds the term, a folder filter when none names the folder and the
// pass or a listing showed every file as its line records it.
//
// The rollouts stay the source of truth; why no change is missed:
// - Files added, removed or renamed (by us, the CLI, Codex, a user): each
//   changes its directory's mtime, and RolloutDirs reads a directory again
//   whenever its mtime moved or was too recent to trust (same clock tick);
//   this holds for the listings the index file carries over from an earlier
//   server too.
// - Appends (a session resumed by Codex or the CLI appends to its old file,
//   in an old day directory) change no directory's mtime. So a summary is
//   used only while the file's inode, size and mtime are those it was made
//   from (rollouts are append-only; rewrites go through a rename), and every
//   file a listing visits is stat'ed once in this process: after its
//   directory is watched (fs.watch, set up before that stat) it is trusted
//   until the watch reports it or its directory changed. A directory without
//   a live watch gets its files stat'ed on every listing. The server lets
//   pending watch events run before it lists (see AppServer).
// - One exception, for searches only: a file whose entry is `stable` is
//   skipped unstat'ed when its line does not contain the search term. Stable
//   means its preview came from the file's first 64 KiB and was checked (a
//   stat matching the entry) after its directory's listing was read, and that
//   listing is still current (directory inode and mtime unchanged). Then the
//   same inode is still at that path (replacing it would have moved the
//   directory's mtime), appends cannot change a first user message already in
//   the head, nor the meta's id and cwd: what a search matches. The rows a
//   search returns are stat'ed and re-read as usual. (This relies, as the
//   settle rule does, on file mtimes and this clock agreeing within 2 s.)
// - An app-server process checks the index before its modules load (see
//   earlyRolloutCheck.ts, with codex-rollout-check); its answer trusts the
//   files a stat confirmed, in the directories whose listing is the index's
//   and that this process watches, except those the helper's watches (set
//   before its stats, ended once ours were set) or ours reported changed
//   meanwhile. A folder filter waits for that answer rather than stat every
//   file itself; the background pass starts after it.
// - inotify drops events silently when its queue overflows (libuv does not
//   report IN_Q_OVERFLOW); a background sweep (SWEEP_MS) re-stats every file
//   trusted that way, so a lost event delays a change by one sweep at most.
// - A missing, unreadable, corrupt or truncated index is rebuilt from the
//   rollouts (logged), and whatever part of it is whole is still used.
import { closeSync, fstatSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { summarizeRolloutForIndex, type RolloutSummary } from './rollout.js';
import { writeFileAtomically } from './rolloutStore.js';
import { RolloutDirs, type DirSpan } from './rolloutDirs.js';
import {
  DecodedIndex,
  encodeBlock,
  encodeEnd,
  encodeEntry,
  encodeHeader,
  lineIdentity,
  sameIdentity,
  withStable,
  type FileIdentity,
  type IndexEntry,
} from './rolloutIndexFile.js';
import { parseEntry } from './rolloutIndexEntry.js';
import { readIndex, takeEarlyRolloutCheck, type EarlyCheckAnswer, type EarlyCheckChange, type EarlyRolloutCheck } from './earlyRolloutCheck.js';

const SWEEP_MS = 30_000;
/** How long a listing waits for the early check's answer before it stats the files itself (a helper starved or stuck). */
const EARLY_CHECK_WAIT_MS = 2_000;
/** How long one slice of the background pass may hold the event loop before requests get their turn. */
const SLICE_MS = 4;

interface Entry extends IndexEntry {
  /** The preview came from the file's first 64 KiB (see module comment). */
  previewInHead: boolean;
}

export class RolloutSummaryIndex {
  private readonly entries = new Map<string, Entry>();
  /** The index file's lines not parsed yet. */
  private disk: DecodedIndex | undefined;
  private loaded = false;
  private loading: Promise<void> | undefined;
  private dirty = false;
  /** Files whose entry was checked while their directory was watched, and not reported changed since. */
  private readonly trusted = new Set<string>();
  /** Lowercased preview and cwd per summary, for searches. */
  private readonly lowerText = new WeakMap<RolloutSummary, { preview: string; cwd: string }>();
  private readonly dirs: RolloutDirs;
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping = false;
  private background: NodeJS.Immediate | undefined;
  /** Told when the running background pass is over. */
  private passWaiters: (() => void)[] = [];
  private warming: Promise<void> | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** The early check's answer, applied (see applyEarlyCheck); resolved at once without one. */
  private earlyChecked: Promise<void> | undefined;
  /** The changes this process's watches reported while the early check's answer was awaited (name null: anything in dir). */
  private earlyWindow: { dir: string; name: string | null }[] | undefined;
  /** What fstat showed of the index file as it was read. */
  private indexRead: FileIdentity | undefined;

  /**
   * `file`: where the index is kept (one per list: live sessions, archived ones).
   * `watch`: a long-lived server watches the directories and fills the index in the background.
   * `log`: where a rebuilt index is reported (the server's stderr).
   */
  constructor(
    private readonly file: string,
    dirs: (changed: (dir: string, name: string | null) => void) => RolloutDirs,
    private readonly watch: boolean,
    private readonly log: (message: string) => void,
    private early?: EarlyRolloutCheck,
  ) {
    this.dirs = dirs((dir, name) => this.distrust(dir, name));
    if (watch) this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_MS).unref();
  }

  static forList(codexHome: string, archived: boolean, opts: { watch: boolean; log?: (message: string) => void }): RolloutSummaryIndex {
    const file = join(codexHome, 'cache', archived ? 'thread-list-archived.jsonl' : 'thread-list.jsonl');
    const make = archived ? RolloutDirs.archived : RolloutDirs.live;
    const log = opts.log ?? ((m: string) => process.stderr.write(`codex: ${m}\n`));
    // The check this process started before its modules loaded (app-server), when it is of this index.
    const early = opts.watch && !archived ? takeEarlyRolloutCheck(file) : undefined;
    return new RolloutSummaryIndex(file, (changed) => make(codexHome, changed, opts.watch), opts.watch, log, early);
  }

  /**
   * Reads the index file off the request path (a server calls this as it
   * starts; a listing waits for it rather than reading the file again), then
   * runs the background pass: resolves once every file was checked, or once
   * the file was read when it held no listing (every rollout is to be read,
   * which no first listing should wait for).
   */
  warm(): Promise<void> {
    if (!this.loaded) {
      // The bytes the process started reading before its modules loaded, when it did.
      this.loading ??= (this.early?.index ?? readIndex(this.file)).then(
        ({ buf, identity }) => {
          this.indexRead = identity;
          this.adopt(buf);
        },
        (err: NodeJS.ErrnoException) => this.adopt(undefined, err),
      );
    }
    this.warming ??= (this.loading ?? Promise.resolve()).then(async () => {
      // The pass stats only what the early check did not confirm.
      await this.checked();
      const pass = this.runPass();
      return this.disk?.dirs.size ? pass : undefined;
    });
    return this.warming;
  }

  /** Resolves once the index file was read (when warm() started it), so a listing can run synchronously. */
  ready(): Promise<void> {
    return this.loading ?? Promise.resolve();
  }

  /**
   * Resolves once the early check's answer (if this process started one) is
   * applied, or after EARLY_CHECK_WAIT_MS without it: a folder filter waits
   * for it rather than stat every file itself. Called once the index file was
   * read (ready()).
   */
  checked(): Promise<void> {
    if (!this.earlyChecked) {
      const early = this.early;
      if (!early) return (this.earlyChecked = Promise.resolve());
      // This process's watches are set here; then the helper may stop watching, and what either reports meanwhile counts.
      this.earlyWindow = [];
      this.files();
      // Only directories watched before the helper stops watching are covered without a gap (a watch set later is not).
      const watched = new Set([...(this.disk?.dirs.keys() ?? [])].filter((dir) => this.dirs.watched(dir)));
      const over = early.finish();
      const applied = Promise.all([early.answer, over]).then(([answer, changes]) => this.applyEarlyCheck(early, answer, changes, watched));
      let timer: NodeJS.Timeout | undefined;
      // A helper that does not answer in time is given up on, once: the files are stat'ed here instead, and no later call waits.
      const late = new Promise<void>((done) => (timer = setTimeout(done, EARLY_CHECK_WAIT_MS).unref())).then(() => this.abandonEarlyCheck(early));
      this.earlyChecked = Promise.race([applied, late]).finally(() => clearTimeout(timer));
    }
    return this.earlyChecked;
  }

  private abandonEarlyCheck(early: EarlyRolloutCheck): void {
    if (this.early !== early) return; // applied meanwhile
    this.early = undefined;
    this.earlyWindow = undefined;
    early.dispose();
  }

  /**
   * Trusts the files the early check's helper found as their lines record
   * them, where that holds now too: the helper read the same index file,
   * their directory's listing is still the index's and this process watches
   * it, and neither the helper's watches nor this process's reported a change
   * to them since (nothing is trusted when changes may have been lost).
   */
  private applyEarlyCheck(
    early: EarlyRolloutCheck,
    answer: EarlyCheckAnswer | undefined,
    changes: EarlyCheckChange[] | undefined,
    watched: ReadonlySet<string>,
  ): void {
    if (this.early !== early) return; // given up on: its files are stat'ed instead
    this.early = undefined;
    const ours = this.earlyWindow ?? [];
    this.earlyWindow = undefined;
    early.dispose();
    const read = this.indexRead;
    const same = answer && read && sameIdentity(answer.index, read);
    if (!same || !changes || this.closed || !this.disk) return;
    const dirs = [...this.disk.dirs.keys()];
    // Per directory: the names reported changed, or null when anything in it may have.
    const changed = new Map<string, Set<string> | null>();
    const note = (dir: string, name: string | null) => {
      if (name === null) changed.set(dir, null);
      else if (changed.get(dir) !== null) changed.set(dir, (changed.get(dir) ?? new Set()).add(name));
    };
    for (const c of changes) {
      if (c.block === null) return; // the helper lost changes
      const dir = dirs[c.block];
      if (dir !== undefined) note(dir, c.name);
    }
    for (const c of ours) note(c.dir, c.name);
    for (const [b, stale] of answer.blocks.entries()) {
      const dir = dirs[b];
      const listing = dir === undefined ? undefined : this.disk.dirs.get(dir);
      if (!dir || !listing || stale === null || changed.get(dir) === null || !this.dirs.seeded(dir) || !watched.has(dir) || !this.dirs.watched(dir)) continue;
      const unconfirmed = new Set(stale);
      const names = changed.get(dir);
      // A name on two lines (a corrupt index): the helper may have confirmed the other line than the one the listing reads.
      const seen = new Set<string>();
      const twice = new Set(listing.paths.filter((path) => seen.size === seen.add(path).size));
      listing.paths.forEach((path, k) => {
        // A line already parsed into an entry was judged on its own (summary()).
        if (unconfirmed.has(k) || twice.has(path) || this.entries.has(path) || names?.has(path.slice(dir.length + 1))) return;
        this.trusted.add(path);
      });
    }
  }

  /** The list's rollout files, newest first. */
  files(): string[] {
    this.load();
    return this.dirs.files();
  }

  /** The day directories of the last files() answer, keyed by where their files start in it. */
  spans(): ReadonlyMap<number, DirSpan> {
    return this.dirs.spans();
  }

  close(): void {
    this.closed = true;
    this.early?.dispose();
    clearInterval(this.sweepTimer);
    if (this.background) clearImmediate(this.background);
    this.passOver();
    clearTimeout(this.saveTimer);
    this.save();
    this.dirs.close();
  }

  /** The summary of one rollout: from the index while the file is unchanged, else read again. */
  summary(path: string): RolloutSummary | undefined {
    this.load();
    const known = this.entry(path);
    if (known && this.trusted.has(path)) return known.summary ?? undefined;
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) return undefined; // removed meanwhile
    if (this.dirs.watched(dirname(path))) this.trusted.add(path);
    if (known && sameIdentity(known, st)) {
      known.checkedAt = Date.now();
      return known.summary ?? undefined;
    }
    const made = summarizeRolloutForIndex(path);
    this.entries.set(path, {
      ino: st.ino,
      size: st.size,
      mtimeMs: st.mtimeMs,
      checkedAt: Date.now(),
      summary: made?.summary ?? null,
      previewInHead: made?.previewInHead ?? false,
    });
    this.changedEntries();
    return made?.summary ?? undefined;
  }

  /**
   * For a search for `term` (lowercase): the session id of a file that surely
   * does not match, decided from its unparsed stable line without a stat (see
   * the module comment); undefined when the file must be looked at.
   * `named`: whether a session's name matches (names live elsewhere).
   */
  surelyUnmatched(path: string, term: string, named: (id: string) => boolean): string | undefined {
    if (!this.dirs.seeded(dirname(path))) return undefined;
    const raw = this.disk?.entry(path);
    if (!raw?.stable || raw.id === null) return undefined;
    return this.disk!.mentions(path, term) || named(raw.id) ? undefined : raw.id;
  }

  /**
   * For a folder filter: the session id of a file that is surely in none of
   * `quotedCwds` (each as JSON.stringify writes it), decided from its unparsed line (which holds neither its cwd nor
   * its last cwd as one of them) and a stat showing the file as that line
   * records it; undefined when the file must be looked at.
   */
  surelyOutside(path: string, quotedCwds: readonly string[]): string | undefined {
    const raw = this.disk?.entry(path);
    if (!raw || raw.id === null) return undefined;
    for (const cwd of quotedCwds) if (raw.text.includes(cwd)) return undefined;
    if (this.trusted.has(path)) return raw.id;
    const recorded = lineIdentity(raw);
    const st = recorded && statSync(path, { throwIfNoEntry: false });
    if (!st || !sameIdentity(st, recorded)) return undefined;
    // As summary(): the line stands for the file until the directory's watch reports it.
    if (this.dirs.watched(dirname(path))) this.trusted.add(path);
    return raw.id;
  }

  /**
   * surelyUnmatched and surelyOutside for every file of `dir` (`paths`, its
   * listing) at once, from the directory's block alone: each file's session
   * id (null for a file without one) and the files (by place) that must be
   * looked at; every other one is surely out of the result. Undefined when
   * every file must be looked at (the directory changed since the index was
   * written, or its block cannot be read as a whole).
   * `search`: the term (lowercase) and the ids (lowercase) whose name holds it.
   */
  outOfResult(
    dir: string,
    paths: readonly string[],
    filter: { search?: { term: string; namedIds: ReadonlySet<string> }; quotedCwds?: readonly string[] },
  ): { ids: readonly (string | null)[]; lookAt: ReadonlySet<number> } | undefined {
    const disk = this.disk;
    if (!disk || !this.dirs.seeded(dir)) return undefined;
    const heads = disk.heads(dir);
    if (!heads || heads.ids.length !== paths.length) return undefined;
    const { search, quotedCwds } = filter;
    // A file is out when either filter shows it out; lookAt: those neither does. A taken line's
    // entry (which may say otherwise) is looked at.
    let lookAt: Set<number> | undefined;
    if (search) {
      const mentioning = disk.linesMentioning(dir, search.term);
      if (!mentioning) return undefined;
      lookAt = new Set(mentioning);
      for (const k of heads.unstable) lookAt.add(k);
      for (const k of heads.taken) lookAt.add(k);
      if (search.namedIds.size > 0)
        heads.ids.forEach((id, k) => {
          if (id !== null && search.namedIds.has(id.toLowerCase())) lookAt!.add(k);
        });
    }
    if (quotedCwds) {
      const naming = disk.linesContaining(dir, quotedCwds);
      if (!naming) return undefined;
      const maybe = new Set(naming);
      for (const k of heads.taken) maybe.add(k);
      paths.forEach((path, k) => {
        if (!this.trusted.has(path)) maybe.add(k);
      });
      lookAt = lookAt ? new Set([...lookAt].filter((k) => maybe.has(k))) : maybe;
    }
    return lookAt && { ids: heads.ids, lookAt };
  }

  /** Whether the summary's preview or cwd contains `term` (lowercase), ignoring case. */
  mentions(s: RolloutSummary, term: string): boolean {
    let l = this.lowerText.get(s);
    if (!l) this.lowerText.set(s, (l = { preview: s.preview.toLowerCase(), cwd: s.cwd.toLowerCase() }));
    return l.preview.includes(term) || l.cwd.includes(term);
  }

  /**
   * After a start or a listing: a server checks and completes the index in
   * the background (every file not trusted yet is stat'ed, and summarised if
   * new or changed, as on a first start), then writes it, so later listings
   * and the next start are fast; a one-shot listing writes what it has now.
   */
  listed(): void {
    if (!this.watch) {
      this.save();
      return;
    }
    void this.runPass();
  }

  /** Starts the background pass unless one runs; resolves when the running one is over. */
  private runPass(): Promise<void> {
    if (!this.watch || this.closed) return Promise.resolve();
    const over = new Promise<void>((resolve) => this.passWaiters.push(resolve));
    if (!this.background)
      this.background = setImmediate(() => {
        const files = this.files();
        const spans = this.dirs.spans();
        this.readHeads(
          files,
          spans,
          [...spans.values()].map((s) => s.dir),
          0,
        );
      });
    return over;
  }

  /**
   * The background pass's first part, in slices too: the block heads of the
   * directories the index file still describes (cheap: no stat), which a
   * search needs, so one that comes before the pass is over still finds them.
   */
  private readHeads(files: readonly string[], spans: ReadonlyMap<number, DirSpan>, dirs: readonly string[], from: number): void {
    this.background = undefined;
    if (this.closed) return;
    const until = performance.now() + SLICE_MS;
    let i = from;
    for (; i < dirs.length && performance.now() < until; i++) if (this.dirs.seeded(dirs[i]!)) this.disk?.heads(dirs[i]!);
    this.background = setImmediate(() => (i < dirs.length ? this.readHeads(files, spans, dirs, i) : this.pass(files, spans, 0)));
  }

  /**
   * One slice of the background pass over `files` (the listing it started
   * on, `spans` its directories), from the `from`th file: a directory at a
   * time where it is not too large, else 50 files at a time.
   */
  private pass(files: readonly string[], spans: ReadonlyMap<number, DirSpan>, from: number): void {
    this.background = undefined;
    if (this.closed) return;
    const until = performance.now() + SLICE_MS;
    let i = from;
    while (i < files.length && performance.now() < until) {
      const span = spans.get(i);
      if (span && span.end - i <= 500) {
        this.checkDir(span.dir, files.slice(i, span.end));
        i = span.end;
        continue;
      }
      for (const end = Math.min(files.length, i + 50); i < end; i++) this.check(files[i]!);
    }
    if (i < files.length) {
      this.background = setImmediate(() => this.pass(files, spans, i));
      return;
    }
    if (this.dirty) this.scheduleSave(0);
    this.passOver();
  }

  private passOver(): void {
    for (const resolve of this.passWaiters.splice(0)) resolve();
  }

  /**
   * check() for every file of `dir` (`paths`, its listing), reading what its
   * block records from its heads where the listing is the one the index file
   * holds.
   */
  private checkDir(dir: string, paths: readonly string[]): void {
    const heads = this.dirs.seeded(dir) ? this.disk?.heads(dir) : undefined;
    if (!heads || heads.ids.length !== paths.length) {
      for (const path of paths) this.check(path);
      return;
    }
    const watched = this.dirs.watched(dir);
    paths.forEach((path, k) => {
      if (this.trusted.has(path)) return;
      if (heads.taken.has(k)) {
        this.check(path);
        return;
      }
      const recorded = heads.identity(k);
      const st = recorded && statSync(path, { throwIfNoEntry: false });
      if (st && sameIdentity(st, recorded)) {
        if (watched) this.trusted.add(path);
      } else this.summary(path);
    });
  }

  /**
   * Makes sure the summary of `path` is known and still its file's. A line
   * of the index file that a stat shows current stays unparsed (trusted
   * while its directory is watched); anything else goes through summary().
   */
  private check(path: string): void {
    if (this.trusted.has(path)) return;
    const raw = this.entries.has(path) ? undefined : this.disk?.entry(path);
    const recorded = raw && lineIdentity(raw);
    if (recorded) {
      const st = statSync(path, { throwIfNoEntry: false });
      if (st && sameIdentity(st, recorded)) {
        if (this.dirs.watched(dirname(path))) this.trusted.add(path);
        return;
      }
    }
    this.summary(path);
  }

  /** Writes the index if it changed: every file of the current listings, in list order. */
  save(): void {
    if (!this.dirty) return;
    const parts = [encodeHeader()];
    let count = 0;
    for (const [dir, listing] of this.dirs.saved()) {
      let readAt = listing.readAt;
      const seeded = this.dirs.seeded(dir);
      const names: string[] = [];
      const lines: string[] = [];
      for (const path of listing.paths) {
        const name = path.slice(dir.length + 1);
        const e = this.entries.get(path);
        const raw = e ? undefined : this.disk?.entry(path);
        if (e) lines.push(encodeEntry(name, e, readAt !== null && e.previewInHead && e.summary !== null && e.summary.preview !== '' && e.checkedAt >= readAt));
        else if (raw) lines.push(raw.stable && !seeded ? withStable(raw.text, false) : raw.text);
        else {
          readAt = null; // a file without an entry: the listing must be read again, or it would be lost
          continue;
        }
        names.push(name);
      }
      parts.push(encodeBlock(dir, { ...listing, readAt }, names, lines));
      count += names.length;
    }
    parts.push(encodeEnd(count));
    // No sessions and no index yet: nothing to keep, and a CODEX_HOME that holds no history gets no cache folder.
    if (count === 0 && !this.disk) {
      this.dirty = false;
      return;
    }
    try {
      writeFileAtomically(this.file, parts.join(''));
      this.dirty = false;
      // The whole-JSON index of earlier versions (thread-list.json), megabytes no version reads now.
      rmSync(this.file.replace(/\.jsonl$/, '.json'), { force: true });
    } catch {
      // A cache that cannot be written (read-only or full disk) only costs the next start its speed.
    }
  }

  private changedEntries(): void {
    this.dirty = true;
    if (this.watch) this.scheduleSave(1_000);
  }

  private scheduleSave(delayMs: number): void {
    if (this.saveTimer || this.closed) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      // A background pass still running saves when it is done.
      if (!this.background) this.save();
    }, delayMs);
    this.saveTimer.unref();
  }

  /** A parsed entry, from the index file's line if it has one. */
  private entry(path: string): Entry | undefined {
    const known = this.entries.get(path);
    if (known) return known;
    const disk = this.disk;
    const raw = disk?.entry(path);
    if (!disk || !raw) return undefined;
    disk.take(path);
    const e = parseEntry(raw.text, path);
    if (!e) {
      this.log(`thread list index ${this.file}: the entry of ${path} is not one; that session is read from its rollout again`);
      this.dirty = true;
      return undefined;
    }
    const entry = { ...e, previewInHead: raw.stable };
    this.entries.set(path, entry);
    return entry;
  }

  /** The index file, read synchronously when warm() did not run. */
  private load(): void {
    if (this.loaded) return;
    let buf: Buffer;
    try {
      const fd = openSync(this.file, 'r');
      try {
        const st = fstatSync(fd);
        buf = readFileSync(fd);
        this.indexRead = { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      this.adopt(undefined, err as NodeJS.ErrnoException);
      return;
    }
    this.adopt(buf);
  }

  private adopt(buf: Buffer | undefined, err?: NodeJS.ErrnoException): void {
    if (this.loaded) return;
    this.loaded = true;
    if (buf === undefined) {
      if (err?.code !== 'ENOENT') this.log(`thread list index ${this.file} is unreadable (${err?.message}); rebuilding it from the rollouts`);
      this.dirty = true;
      return;
    }
    const disk = new DecodedIndex(buf, (dir) => {
      this.log(`thread list index ${this.file}: the entries of ${dir} do not match its names; its sessions are read from their rollouts again`);
      this.dirty = true;
    });
    if (disk.problem) {
      this.log(`thread list index ${this.file} is ${disk.problem}; rebuilding it from the rollouts`);
      this.dirty = true;
    }
    this.disk = disk;
    this.dirs.seed(disk.dirs);
  }

  private distrust(dir: string, name: string | null): void {
    // Reported while the early check's answer is awaited: it must not trust that file (or directory) either.
    this.earlyWindow?.push({ dir, name });
    if (name !== null) {
      this.trusted.delete(join(dir, name));
      return;
    }
    const prefix = join(dir, '_').slice(0, -1);
    for (const path of this.trusted) if (path.startsWith(prefix)) this.trusted.delete(path);
  }

  /** Re-checks every trusted file off the request path, for events the watch lost. */
  private async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      for (const path of [...this.trusted]) {
        const st = await stat(path).catch(() => undefined);
        // A file trusted from its line in the index file (never parsed) is compared with that line.
        const raw = this.entries.has(path) ? undefined : this.disk?.entry(path);
        const e = this.entries.get(path) ?? (raw && lineIdentity(raw));
        if (!st || !e || !sameIdentity(e, st)) this.trusted.delete(path);
      }
    } finally {
      this.sweeping = false;
    }
  }
}
