// What the TUI shows, as plain data, and how each app-server notification
// changes it. Pure: the session feeds notifications in batches (one per frame)
// and the view draws the result.
import type { ServerNotification, ThreadItem, ThreadTokenUsage, Turn, TurnPlanStep } from '../../shared/protocol/types.js';
import { applyItemDelta, itemForDelta } from '../../shared/protocol/itemDeltas.js';

export type Cell =
  | { kind: 'item'; key: string; item: ThreadItem; done: boolean }
  | { kind: 'plan'; key: string; explanation: string | null; steps: TurnPlanStep[]; done: boolean }
  | { kind: 'notice'; key: string; tone: 'info' | 'warning' | 'error'; lines: string[]; done: true }
  /** A unified diff shown by /diff. */
  | { kind: 'diff'; key: string; title: string; diff: string; done: true };

export interface Transcript {
  cells: Cell[];
  /** The running turn, if any. */
  turnId: string | null;
  tokenUsage: ThreadTokenUsage | null;
  /** Bumped on every change that adds a cell, for stable keys. */
  seq: number;
}

export const emptyTranscript = (): Transcript => ({ cells: [], turnId: null, tokenUsage: null, seq: 0 });

export function addDiff(t: Transcript, title: string, diff: string): Transcript {
  return { ...t, seq: t.seq + 1, cells: [...t.cells, { kind: 'diff', key: `diff-${t.seq}`, title, diff, done: true }] };
}

/** A resumed or forked thread's earlier turns, as finished cells. */
export function transcriptFromTurns(turns: readonly Turn[]): Transcript {
  let t = emptyTranscript();
  for (const turn of turns) {
    t = { ...t, cells: withoutReviewCopy([...t.cells, ...turn.items.map((item): Cell => ({ kind: 'item', key: item.id, item, done: true }))]) };
    if (turn.status === 'interrupted') t = addNotice(t, 'error', ['■ Conversation interrupted - tell the model what to do differently.']);
  }
  return t;
}

export function addNotice(t: Transcript, tone: 'info' | 'warning' | 'error', lines: string[]): Transcript {
  return { ...t, seq: t.seq + 1, cells: [...t.cells, { kind: 'notice', key: `notice-${t.seq}`, tone, lines, done: true }] };
}

/** Replaces (or appends) the cell with `key`; newest cells are searched first. */
function upsert(cells: Cell[], key: string, make: () => Cell, change: (c: Cell) => Cell): Cell[] {
  for (let i = cells.length - 1; i >= 0; i--) {
    if (cells[i]!.key === key) {
      const next = cells.slice();
      next[i] = change(cells[i]!);
      return next;
    }
  }
  return [...cells, change(make())];
}

const itemCell = (item: ThreadItem): Cell => ({ kind: 'item', key: item.id, item, done: false });

/**
 * The core repeats a finished review as an agent message (for clients that
 * show no review cells); the exitedReviewMode cell already shows it, so the
 * copy right after it is left out.
 */
function withoutReviewCopy(cells: Cell[]): Cell[] {
  return cells.filter((c, i) => {
    const before = cells[i - 1];
    return !(
      c.kind === 'item' &&
      c.item.type === 'agentMessage' &&
      before?.kind === 'item' &&
      before.item.type === 'exitedReviewMode' &&
      before.item.review.trim() === c.item.text.trim()
    );
  });
}

/** Adds or replaces an item the TUI itself produced (a `!` shell command). */
export function putItem(t: Transcript, item: ThreadItem, done: boolean): Transcript {
  const cell: Cell = { kind: 'item', key: item.id, item, done };
  return {
    ...t,
    cells: upsert(
      t.cells,
      item.id,
      () => cell,
      () => cell,
    ),
  };
}

function patchItem(t: Transcript, id: string, make: () => ThreadItem, change: (item: ThreadItem) => ThreadItem): Transcript {
  return {
    ...t,
    cells: upsert(
      t.cells,
      id,
      () => itemCell(make()),
      (c) => (c.kind === 'item' ? { ...c, item: change(c.item) } : c),
    ),
  };
}

export function reduce(t: Transcript, n: ServerNotification): Transcript {
  switch (n.method) {
    case 'turn/started':
      return { ...t, turnId: n.params.turn.id };
    case 'turn/completed': {
      const turn = n.params.turn;
      // Whatever was still running belongs to a finished turn now.
      const cells = t.cells.map((c) => (c.done ? c : { ...c, done: true }));
      let next: Transcript = { ...t, cells, turnId: null };
      if (turn.status === 'interrupted') next = addNotice(next, 'error', ['■ Conversation interrupted - tell the model what to do differently.']);
      if (turn.status === 'failed') next = addNotice(next, 'error', [`■ ${turn.error?.message ?? 'The turn failed.'}`]);
      return next;
    }
    case 'item/started':
      return {
        ...t,
        cells: withoutReviewCopy(
          upsert(
            t.cells,
            n.params.item.id,
            () => itemCell(n.params.item),
            (c) => (c.kind === 'item' ? { ...c, item: n.params.item } : c),
          ),
        ),
      };
    case 'item/completed':
      return {
        ...t,
        cells: withoutReviewCopy(
          upsert(
            t.cells,
            n.params.item.id,
            () => itemCell(n.params.item),
            () => ({ kind: 'item', key: n.params.item.id, item: n.params.item, done: true }),
          ),
        ),
      };
    case 'item/agentMessage/delta':
    case 'item/reasoning/summaryTextDelta':
    case 'item/commandExecution/outputDelta':
      return patchItem(
        t,
        n.params.itemId,
        () => itemForDelta(n, ''),
        (it) => applyItemDelta(it, n),
      );
    case 'turn/plan/updated': {
      const key = `plan-${n.params.turnId}`;
      const plan: Cell = { kind: 'plan', key, explanation: n.params.explanation, steps: n.params.plan, done: false };
      return {
        ...t,
        cells: upsert(
          t.cells,
          key,
          () => plan,
          () => plan,
        ),
      };
    }
    case 'thread/tokenUsage/updated':
      return { ...t, tokenUsage: n.params.tokenUsage };
    case 'error':
      return addNotice(t, n.params.willRetry ? 'warning' : 'error', [n.params.error.message]);
    case 'thread/warning':
      return addNotice(t, 'warning', [`⚠ ${n.params.message}`]);
    case 'mcpServer/startupStatus/updated':
      return n.params.status === 'failed'
        ? addNotice(t, 'warning', [`⚠ MCP server ${n.params.name} failed to start${n.params.error ? `: ${n.params.error}` : ''}`])
        : t;
    default:
      return t;
  }
}

const APPENDING = new Set(['item/agentMessage/delta', 'item/commandExecution/outputDelta', 'item/reasoning/summaryTextDelta']);

/** A frame's notifications, with runs of deltas to the same place joined into one. */
export function reduceAll(t: Transcript, ns: readonly ServerNotification[]): Transcript {
  let next = t;
  let i = 0;
  while (i < ns.length) {
    let n = ns[i++]!;
    if (APPENDING.has(n.method)) {
      const a = n.params as { itemId: string; delta: string; summaryIndex?: number };
      let delta = a.delta;
      while (i < ns.length && ns[i]!.method === n.method) {
        const b = ns[i]!.params as typeof a;
        if (b.itemId !== a.itemId || b.summaryIndex !== a.summaryIndex) break;
        delta += b.delta;
        i++;
      }
      n = { ...n, params: { ...n.params, delta } } as ServerNotification;
    }
    next = reduce(next, n);
  }
  return next;
}

/** Percent of the context window still free, as Codex computes it (a fixed baseline is not counted). */
export function contextLeftPercent(usage: ThreadTokenUsage | null): number | null {
  const BASELINE = 12_000;
  const window = usage?.modelContextWindow;
  if (!usage || !window) return null;
  if (window <= BASELINE) return 0;
  const effective = window - BASELINE;
  const used = Math.max(usage.last.totalTokens - BASELINE, 0);
  return Math.round(Math.min(100, Math.max(0, ((effective - used) / effective) * 100)));
}
