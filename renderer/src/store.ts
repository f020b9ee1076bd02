// One zustand store for the whole renderer, fed by core notifications.
import { create } from 'zustand';
import type {
  AskForApproval,
  SandboxMode,
  Thread,
  ThreadItem,
  Turn,
  TurnPlanStep,
} from '../../main/protocol/types.js';
import type { NotificationPayload, ServerRequestPayload } from '../../main/ipc/api.js';

export interface ThreadView {
  id: string;
  cwd: string;
  model: string | null;
  items: ThreadItem[];
  /** The running turn, if any. */
  turnId: string | null;
  plan: TurnPlanStep[] | null;
  /** Last turn failure or transient retry notice. */
  notice: string | null;
  /** The last finished turn: its completion may overtake the turn/start reply. */
  lastCompletedTurnId: string | null;
}

export interface State {
  threads: Thread[];
  activeId: string | null;
  views: Record<string, ThreadView>;
  approvals: ServerRequestPayload[];
  error: string | null;
}

export const useStore = create<State>(() => ({ threads: [], activeId: null, views: {}, approvals: [], error: null }));

const api = () => window.codex;

function emptyView(thread: Thread, turns: Turn[] = thread.turns): ThreadView {
  return { id: thread.id, cwd: thread.cwd, model: thread.model, items: turns.flatMap((t) => t.items), turnId: null, plan: null, notice: null, lastCompletedTurnId: null };
}

function upsert(items: ThreadItem[], item: ThreadItem): ThreadItem[] {
  const i = items.findIndex((x) => x.id === item.id);
  if (i < 0) return [...items, item];
  const next = items.slice();
  next[i] = item;
  return next;
}

function patch(items: ThreadItem[], id: string, make: () => ThreadItem, change: (item: ThreadItem) => ThreadItem): ThreadItem[] {
  const i = items.findIndex((x) => x.id === id);
  if (i < 0) return [...items, change(make())];
  const next = items.slice();
  next[i] = change(items[i]!);
  return next;
}

/** Pure: the state after one notification. */
export function reduce(state: State, n: NotificationPayload): Partial<State> {
  if (n.method === 'thread/started') {
    const t = n.params.thread;
    return { threads: [t, ...state.threads.filter((x) => x.id !== t.id)] };
  }
  if (n.method === 'thread/warning') return { error: n.params.message };
  const threadId = n.params.threadId;
  if (!threadId) return {};
  const view = state.views[threadId];
  if (!view) return {};
  const set = (v: Partial<ThreadView>): Partial<State> => ({ views: { ...state.views, [threadId]: { ...view, ...v } } });
  switch (n.method) {
    case 'turn/started':
      return set({ turnId: n.params.turn.id, notice: null, plan: null });
    case 'turn/completed': {
      const t = n.params.turn;
      const notice = t.status === 'failed' ? `Turn failed: ${t.error?.message ?? 'unknown error'}` : t.status === 'interrupted' ? 'Turn interrupted' : null;
      return set({ turnId: null, notice, lastCompletedTurnId: t.id });
    }
    case 'item/started':
    case 'item/completed':
      return set({ items: upsert(view.items, n.params.item) });
    case 'item/agentMessage/delta': {
      const { itemId, delta } = n.params;
      return set({
        items: patch(view.items, itemId, () => ({ type: 'agentMessage', id: itemId, text: '' }), (it) => (it.type === 'agentMessage' ? { ...it, text: it.text + delta } : it)),
      });
    }
    case 'item/reasoning/summaryTextDelta': {
      const { itemId, delta, summaryIndex } = n.params;
      return set({
        items: patch(
          view.items,
          itemId,
          () => ({ type: 'reasoning', id: itemId, summary: [], content: [] }),
          (it) => {
            if (it.type !== 'reasoning') return it;
            const summary = it.summary.slice();
            summary[summaryIndex] = (summary[summaryIndex] ?? '') + delta;
            return { ...it, summary };
          },
        ),
      });
    }
    case 'item/commandExecution/outputDelta': {
      const { itemId, delta } = n.params;
      return set({
        items: view.items.map((it) => (it.id === itemId && it.type === 'commandExecution' ? { ...it, aggregatedOutput: (it.aggregatedOutput ?? '') + delta } : it)),
      });
    }
    case 'turn/plan/updated':
      return set({ plan: n.params.plan });
    case 'error':
      return set({ notice: n.params.error.message });
    default:
      return {};
  }
}

export function connect(): () => void {
  const offN = api().onNotification((n) => useStore.setState((s) => reduce(s, n)));
  const offR = api().onServerRequest((r) => useStore.setState((s) => ({ approvals: [...s.approvals.filter((a) => a.id !== r.id), r] })));
  return () => {
    offN();
    offR();
  };
}

async function guarded<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    const r = await fn();
    useStore.setState({ error: null });
    return r;
  } catch (err) {
    useStore.setState({ error: (err as Error).message });
    return undefined;
  }
}

export async function init(): Promise<void> {
  await guarded(() => api().request('initialize', { clientInfo: { name: 'codex_desktop', version: '0.1.0' } }));
  await refreshThreads();
}

export async function refreshThreads(): Promise<void> {
  const r = await guarded(() => api().request('thread/list', { limit: 100 }));
  if (!r) return;
  useStore.setState((s) => {
    // Keep live threads not yet written to a rollout (ephemeral or brand new).
    const listed = new Set(r.data.map((t) => t.id));
    return { threads: [...s.threads.filter((t) => !listed.has(t.id) && s.views[t.id]), ...r.data] };
  });
}

export async function newThread(opts: { cwd: string; sandbox: SandboxMode; approvalPolicy: AskForApproval }): Promise<void> {
  const r = await guarded(() => api().request('thread/start', { cwd: opts.cwd || null, sandbox: opts.sandbox, approvalPolicy: opts.approvalPolicy }));
  if (!r) return;
  useStore.setState((s) => ({
    activeId: r.thread.id,
    views: { ...s.views, [r.thread.id]: emptyView(r.thread) },
    threads: [r.thread, ...s.threads.filter((t) => t.id !== r.thread.id)],
  }));
}

export async function openThread(id: string): Promise<void> {
  if (useStore.getState().views[id]) {
    useStore.setState({ activeId: id });
    return;
  }
  const r = await guarded(() => api().request('thread/resume', { threadId: id }));
  if (!r) return;
  useStore.setState((s) => ({ activeId: id, views: { ...s.views, [id]: emptyView(r.thread) } }));
}

export async function sendMessage(text: string): Promise<void> {
  const { activeId } = useStore.getState();
  if (!activeId || !text.trim()) return;
  const r = await guarded(() => api().request('turn/start', { threadId: activeId, input: [{ type: 'text', text }] }));
  if (!r) return;
  useStore.setState((s) => {
    const v = s.views[activeId];
    // A new thread's sidebar entry shows its first message, as thread/list will.
    const threads = s.threads.map((t) => (t.id === activeId && !t.preview ? { ...t, preview: text } : t));
    if (!v || v.turnId || v.lastCompletedTurnId === r.turn.id) return { threads };
    return { threads, views: { ...s.views, [activeId]: { ...v, turnId: r.turn.id } } };
  });
}

export async function interrupt(): Promise<void> {
  const { activeId, views } = useStore.getState();
  const turnId = activeId ? views[activeId]?.turnId : null;
  if (!activeId || !turnId) return;
  await guarded(() => api().request('turn/interrupt', { threadId: activeId, turnId }));
}

export async function answerApproval(id: string, decision: 'accept' | 'acceptForSession' | 'decline'): Promise<void> {
  const ok = await guarded(() => api().respond(id, { decision }).then(() => true));
  if (ok) useStore.setState((s) => ({ approvals: s.approvals.filter((a) => a.id !== id) }));
}
