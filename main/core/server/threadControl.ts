// Thread control requests: read, rename, archive / unarchive, delete, fork,
// revert and compact. Rollouts stay the source of truth: every change is a
// rename, an atomic rewrite or a new file, so a crash at any point leaves each
// rollout whole (the old version or the new one).
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { RpcError, threadNotFound } from './rpcError.js';
import type { AgentThread } from '../session/thread.js';
import type { ThreadHost } from '../session/threadHost.js';
import { parseRolloutLine } from '../session/rolloutSchema.js';
import { rolloutPathFor, summarizeRollout, type RolloutEntry, type RolloutSummary, type SessionMeta } from '../session/rollout.js';
import { hasHistoryBase, readRolloutWithBase } from '../session/historyBase.js';
import {
  archiveRollout,
  deleteRollout,
  locateRollout,
  threadRolloutFiles,
  unarchiveRollout,
  writeRolloutAtomically,
  type RolloutLocation,
} from '../session/rolloutStore.js';
import { removeThreadNames, setThreadName, threadName } from '../session/threadNames.js';
import { endOfTurn, startOfTurn, turnSpans } from '../session/turnSpans.js';
import { uuidv7 } from '../util/ids.js';
import { threadPlacement } from '../worktrees/threadPlacement.js';
import { sandboxPolicyToWire } from '../sandbox/policyConversions.js';
import {
  JSONRPC_INVALID_PARAMS,
  JSONRPC_INVALID_REQUEST,
  type ClientRequestMethod,
  type ClientRequestParams,
  type ClientRequestResult,
  type SandboxMode,
  type Thread,
  type ThreadStartResponse,
} from '../../../shared/protocol/types.js';

/** What thread control needs of the app-server. */
export interface ThreadControlHost {
  codexHome(): string;
  loaded(threadId: string): AgentThread | undefined;
  /** Closes a loaded thread (interrupts nothing: callers refuse running ones) and forgets it. */
  unload(threadId: string): Promise<void>;
  resume(params: ClientRequestParams<'thread/resume'>): Promise<ThreadStartResponse>;
  notify: ThreadHost['notify'];
  /** Turns rebuilt from a rollout's records (session/rolloutTurns.ts). */
  turnsFromRollout(lines: readonly RolloutEntry[]): Thread['turns'];
}

type Params<M extends ClientRequestMethod> = ClientRequestParams<M>;

export class ThreadControl {
  constructor(private readonly host: ThreadControlHost) {}

  async read(p: Params<'thread/read'>): Promise<ClientRequestResult<'thread/read'>> {
    const includeTurns = Boolean(p.includeTurns);
    const live = this.host.loaded(p.threadId);
    if (live) return { thread: this.decorate(live.toWire(includeTurns), live.rolloutPath) };
    const loc = this.locate(p.threadId);
    const summary = this.summary(loc.path);
    const thread = { ...threadFromSummary(summary, threadName(this.host.codexHome(), summary.id)), ...threadPlacement(this.host.codexHome(), summary.lastCwd) };
    thread.forkedFromId = forkedFromId(loc.path);
    if (includeTurns) thread.turns = this.host.turnsFromRollout(readRolloutWithBase(this.host.codexHome(), loc.path).lines);
    return { thread };
  }

  async setName(p: Params<'thread/name/set'>): Promise<ClientRequestResult<'thread/name/set'>> {
    const name = p.name.trim();
    if (!name) throw new RpcError(JSONRPC_INVALID_REQUEST, 'thread name must not be empty');
    const id = this.host.loaded(p.threadId)?.id ?? this.summary(this.locateLive(p.threadId).path).id;
    setThreadName(this.host.codexHome(), id, name);
    this.host.notify('thread/name/updated', { threadId: id, threadName: name });
    return {};
  }

  async archive(p: Params<'thread/archive'>): Promise<ClientRequestResult<'thread/archive'>> {
    const loc = this.locate(p.threadId);
    if (loc.archived) throw new RpcError(JSONRPC_INVALID_REQUEST, `thread ${p.threadId} is already archived (${loc.path})`);
    await this.unloadIdle(p.threadId, 'archive');
    // Every file of the thread moves (Codex's revert segments too), or an older one would stand in for it.
    for (const file of threadRolloutFiles(this.host.codexHome(), p.threadId, false)) this.fileOp(() => archiveRollout(this.host.codexHome(), file));
    this.host.notify('thread/archived', { threadId: p.threadId });
    return {};
  }

  async unarchive(p: Params<'thread/unarchive'>): Promise<ClientRequestResult<'thread/unarchive'>> {
    const loc = locateRollout(this.host.codexHome(), p.threadId);
    if (!loc) throw new RpcError(JSONRPC_INVALID_REQUEST, `no archived rollout found for thread id ${p.threadId}`);
    if (!loc.archived) throw new RpcError(JSONRPC_INVALID_REQUEST, `thread ${p.threadId} is not archived (${loc.path})`);
    const files = threadRolloutFiles(this.host.codexHome(), p.threadId, true);
    const path = this.fileOp(() => unarchiveRollout(this.host.codexHome(), loc.path));
    for (const older of files.filter((f) => f !== loc.path)) this.fileOp(() => unarchiveRollout(this.host.codexHome(), older));
    const summary = this.summary(path);
    this.host.notify('thread/unarchived', { threadId: summary.id });
    return { thread: { ...threadFromSummary(summary, threadName(this.host.codexHome(), summary.id)), forkedFromId: forkedFromId(path) } };
  }

  async delete(p: Params<'thread/delete'>): Promise<ClientRequestResult<'thread/delete'>> {
    const loc = this.locate(p.threadId);
    await this.unloadIdle(p.threadId, 'delete');
    for (const file of threadRolloutFiles(this.host.codexHome(), p.threadId, loc.archived)) this.fileOp(() => deleteRollout(file));
    removeThreadNames(this.host.codexHome(), p.threadId);
    this.host.notify('thread/deleted', { threadId: p.threadId });
    return {};
  }

  /**
   * A new thread with a copy of the history through `lastTurnId`, or through
   * the last completed turn: a turn still running is never copied.
   */
  async fork(p: Params<'thread/fork'>): Promise<ClientRequestResult<'thread/fork'>> {
    if (p.ephemeral) throw new RpcError(JSONRPC_INVALID_PARAMS, 'ephemeral: forks are always recorded; an ephemeral fork is not supported');
    if (p.path && !existsSync(p.path)) throw new RpcError(JSONRPC_INVALID_PARAMS, `path: no rollout at ${p.path}`);
    const loc: RolloutLocation = p.path ? { path: p.path, archived: false } : this.locateLive(p.threadId);
    const source = readRolloutWithBase(this.host.codexHome(), loc.path);
    if (!source.meta) throw new RpcError(JSONRPC_INVALID_PARAMS, `rollout ${loc.path} has no session_meta line`);
    const running = this.host.loaded(source.meta.id)?.turns.find((t) => t.status === 'inProgress')?.id;
    const spans = turnSpans(source.lines).filter((s) => s.id !== running);
    let cut: number;
    if (p.lastTurnId) {
      if (p.lastTurnId === running) throw new RpcError(JSONRPC_INVALID_REQUEST, `lastTurnId '${p.lastTurnId}' identifies an in-progress turn`);
      if (!spans.some((s) => s.id === p.lastTurnId)) throw new RpcError(JSONRPC_INVALID_REQUEST, `turn not found: ${p.lastTurnId}`);
      cut = endOfTurn(source.lines, spans, p.lastTurnId);
    } else if (running) {
      cut = spans.length ? endOfTurn(source.lines, spans, spans.at(-1)!.id) : startOfFirstTurn(source.lines);
    } else {
      cut = source.lines.length;
    }

    const id = uuidv7();
    const now = new Date();
    // The copy is the whole history (no reference into the parent's file), so
    // archiving or deleting the parent never breaks the fork.
    const meta = withoutBase(source.meta);
    const records = [
      {
        timestamp: now.toISOString(),
        ordinal: 0,
        type: 'session_meta',
        payload: { ...meta, id, timestamp: now.toISOString(), forked_from_id: source.meta.id },
      },
      ...source.lines
        .slice(0, cut)
        .filter((l) => l.record.type !== 'session_meta')
        .map((l, i) => ({ ...l.record, ordinal: i + 1 })),
    ];
    const home = this.host.codexHome();
    const path = rolloutPathFor(home, id, now);
    this.fileOp(() => writeRolloutAtomically(path, records));
    const name = threadName(home, source.meta.id);
    if (name) setThreadName(home, id, name);
    let started: ThreadStartResponse;
    try {
      started = await this.host.resume({
        threadId: id,
        path,
        model: p.model,
        cwd: p.cwd,
        approvalPolicy: p.approvalPolicy,
        sandbox: p.sandbox,
        config: p.config,
      });
    } catch (err) {
      // A fork that cannot load (its worktree is the live parent's: one thread per worktree) leaves no stray copy.
      deleteRollout(path);
      removeThreadNames(home, id);
      throw err;
    }
    const thread = { ...started.thread, name, forkedFromId: source.meta.id };
    this.host.notify('thread/started', { thread });
    return { ...started, thread: p.excludeTurns ? { ...thread, turns: [] } : thread };
  }

  /** Drops `beforeTurnId` and every later turn from the history (the rollout is rewritten atomically). */
  async revert(p: Params<'thread/revert'>): Promise<ClientRequestResult<'thread/revert'>> {
    const loc = this.locateLive(p.threadId);
    const live = this.host.loaded(p.threadId);
    if (live?.isRunning) throw new RpcError(JSONRPC_INVALID_REQUEST, `thread ${p.threadId} has a turn in progress; interrupt it before reverting`);
    const parsed = readRolloutWithBase(this.host.codexHome(), loc.path);
    const spans = turnSpans(parsed.lines);
    if (!spans.some((s) => s.id === p.beforeTurnId)) throw new RpcError(JSONRPC_INVALID_REQUEST, `turn not found: ${p.beforeTurnId}`);
    const cut = startOfTurn(parsed.lines, spans, p.beforeTurnId);
    // The live thread holds the file open for appending: close it first, reload it after, with its settings.
    const settings = live && {
      cwd: live.config.cwd,
      model: live.config.model,
      approvalPolicy: live.config.approvalPolicy,
      sandbox: live.sandbox.mode,
    };
    if (live) await this.host.unload(p.threadId);
    let thread: Thread;
    try {
      // A Codex rollout whose history sits in a base file gets that history written in: the rewrite stands alone.
      const kept = parsed.lines
        .slice(0, cut)
        .map(({ record, item }) => (item?.type === 'session_meta' && hasHistoryBase(parsed) ? { ...record, payload: withoutBase(item.payload) } : record));
      this.fileOp(() => writeRolloutAtomically(loc.path, kept));
    } finally {
      // Reloaded from whichever version is on disk: the cut one, or the untouched old one if the write failed.
      if (settings) thread = (await this.host.resume({ threadId: p.threadId, path: loc.path, ...settings })).thread;
    }
    thread ??= threadFromSummary(this.summary(loc.path), null);
    this.host.notify('thread/reverted', { threadId: p.threadId });
    return { thread: { ...this.decorate(thread, loc.path), turns: [] }, turnsBackwardsCursor: null, itemsBackwardsCursor: null };
  }

  async compact(p: Params<'thread/compact/start'>): Promise<ClientRequestResult<'thread/compact/start'>> {
    const live = this.host.loaded(p.threadId);
    if (!live) {
      const loc = locateRollout(this.host.codexHome(), p.threadId);
      if (!loc) throw threadNotFound(p.threadId);
      throw new RpcError(JSONRPC_INVALID_REQUEST, `thread not loaded: ${p.threadId} (resume it first)`);
    }
    if (live.isRunning) throw new RpcError(JSONRPC_INVALID_REQUEST, `thread ${p.threadId} has a turn in progress; compact it when the turn has ended`);
    live.startCompaction();
    return {};
  }

  // ---- helpers ----

  private locate(threadId: string): RolloutLocation {
    const loc = locateRollout(this.host.codexHome(), threadId);
    if (!loc) throw new RpcError(JSONRPC_INVALID_REQUEST, `no rollout found for thread id ${threadId}`);
    return loc;
  }

  /** The rollout of a thread that must not be archived (fork, revert, rename), with Codex's message if it is. */
  private locateLive(threadId: string): RolloutLocation {
    const loc = this.locate(threadId);
    if (loc.archived) throw new RpcError(JSONRPC_INVALID_REQUEST, archivedMessage(threadId));
    return loc;
  }

  private summary(path: string): RolloutSummary {
    const s = summarizeRollout(path);
    if (!s) throw new RpcError(JSONRPC_INVALID_PARAMS, `rollout ${path} has no session_meta line`);
    return s;
  }

  /** Archive and delete take an idle loaded thread out of memory first; a running one is refused. */
  private async unloadIdle(threadId: string, what: string): Promise<void> {
    const live = this.host.loaded(threadId);
    if (!live) return;
    if (live.isRunning) throw new RpcError(JSONRPC_INVALID_REQUEST, `thread ${threadId} has a turn in progress; interrupt it before you ${what} it`);
    await this.host.unload(threadId);
  }

  private fileOp<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw new RpcError(JSONRPC_INVALID_REQUEST, (err as Error).message);
    }
  }

  private decorate(thread: Thread, path: string | null): Thread {
    return { ...thread, name: threadName(this.host.codexHome(), thread.id), forkedFromId: path ? forkedFromId(path) : null };
  }
}

/** The wire Thread of a stored rollout (no turns); `status` is that of a loaded thread, else notLoaded. */
export function threadFromSummary(s: RolloutSummary, name: string | null, status: Thread['status'] = { type: 'notLoaded' }): Thread {
  return {
    id: s.id,
    sessionId: s.id,
    projectId: null,
    status,
    preview: s.preview,
    ephemeral: false,
    modelProvider: s.modelProvider,
    model: s.model,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    cwd: s.lastCwd,
    path: s.path,
    cliVersion: s.cliVersion,
    source: s.source,
    turns: [],
    name,
  };
}

/** `forked_from_id` of a rollout's session_meta (its first line), or null. */
function forkedFromId(path: string): string | null {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const first = buf.subarray(0, n).toString('utf8').split('\n')[0] ?? '';
    const line = parseRolloutLine(JSON.parse(first));
    const item = 'entry' in line ? line.entry.item : undefined;
    return item?.type === 'session_meta' ? (item.payload.forked_from_id ?? null) : null;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function startOfFirstTurn(records: RolloutEntry[]): number {
  let i = 0;
  while (i < records.length && records[i]!.record.type === 'session_meta') i++;
  return i;
}

/** Codex 0.169's words for a request on an archived thread. */
export function archivedMessage(threadId: string): string {
  return `session ${threadId} is archived. Run \`codex unarchive ${threadId}\` to unarchive it first.`;
}

/** A session_meta without Codex's reference into another file (history_base), for a rollout that now holds the records itself. */
function withoutBase(meta: SessionMeta): SessionMeta {
  const { history_base: _base, forked_from_ordinal_exclusive: _ordinal, ...rest } = meta;
  return rest;
}
