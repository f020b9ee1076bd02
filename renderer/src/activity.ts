// What the window knows of each thread's turns, for the status board: running,
// how the last turn ended, and whether the user has seen that end. Kept for every
// thread the core reports on (not only those opened here), and the unread and
// failed marks outlive a window reload (sessionStorage), as the host's tray does.
export interface TurnActivity {
  running: boolean;
  lastTurn: 'completed' | 'failed' | 'interrupted' | null;
  unread: boolean;
}

export type ActivityMap = Readonly<Record<string, TurnActivity>>;

const STORAGE_KEY = 'codex.activity';
const NONE: TurnActivity = { running: false, lastTurn: null, unread: false };

export function turnStarted(map: ActivityMap, threadId: string): ActivityMap {
  return { ...map, [threadId]: { ...(map[threadId] ?? NONE), running: true, unread: false } };
}

/** A turn ended; `seen`: the user was looking at the thread when it did. */
export function turnEnded(map: ActivityMap, threadId: string, status: TurnActivity['lastTurn'], seen: boolean): ActivityMap {
  return { ...map, [threadId]: { running: false, lastTurn: status, unread: !seen && (status === 'completed' || status === 'failed') } };
}

export function markRead(map: ActivityMap, threadId: string): ActivityMap {
  const a = map[threadId];
  return a?.unread ? { ...map, [threadId]: { ...a, unread: false } } : map;
}

export function forgetThread(map: ActivityMap, threadId: string): ActivityMap {
  if (!(threadId in map)) return map;
  const { [threadId]: _gone, ...rest } = map;
  return rest;
}

/** The marks worth keeping across a reload: unread ends and failures (running comes back from thread/list). */
export function saveActivity(map: ActivityMap, storage: Pick<Storage, 'setItem'> | undefined = globalThis.sessionStorage): void {
  const kept = Object.fromEntries(
    Object.entries(map).flatMap(([id, a]) => (a.unread || a.lastTurn === 'failed' ? [[id, { running: false, lastTurn: a.lastTurn, unread: a.unread }]] : [])),
  );
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(kept));
  } catch {
    /* storage unavailable or full: the marks last until the next reload */
  }
}

export function loadActivity(storage: Pick<Storage, 'getItem'> | undefined = globalThis.sessionStorage): ActivityMap {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '{}');
    if (!parsed || typeof parsed !== 'object') return {};
    const out: Record<string, TurnActivity> = {};
    for (const [id, a] of Object.entries(parsed)) {
      const lastTurn = a?.lastTurn === 'completed' || a?.lastTurn === 'failed' || a?.lastTurn === 'interrupted' ? a.lastTurn : null;
      out[id] = { running: false, lastTurn, unread: a?.unread === true };
    }
    return out;
  } catch {
    return {};
  }
}
