// Worktree threads in the window: the Local/Worktree choice of the new-thread
// form, the sidebar row's Worktree badge (branch, ahead/behind), the thread
// header's workspace bar (environment actions, worktrees panel; Handoff is in the thread menu) and
// the worktrees panel with removal that names what would be lost.
import { useEffect } from 'react';
import type { Thread } from '../../shared/protocol/types.js';
import { setDraft, useStore } from './store.js';
import {
  closeWorktreePanel,
  loadActions,
  loadBases,
  localRootOf,
  openWorktreePanel,
  removeWorktree,
  runAction,
  stopAction,
  useWorktrees,
} from './worktrees.js';

/** New thread: Local (the folder as it is) or a new Worktree from HEAD or a branch. */
export function WorktreeChoice() {
  const draft = useStore((s) => s.draft);
  const bases = useWorktrees((s) => s.bases);
  const setupLog = useWorktrees((s) => s.setupLog);
  const where = draft.where ?? 'local';
  const cwd = draft.cwd.trim();
  useEffect(() => {
    if (where === 'worktree' && cwd && bases?.cwd !== cwd) void loadBases(cwd);
  }, [where, cwd, bases?.cwd]);
  return (
    <>
      <div className="row">
        <label>
          Where
          <select aria-label="Where" value={where} onChange={(e) => setDraft({ where: e.target.value === 'worktree' ? 'worktree' : 'local' })}>
            <option value="local">Local</option>
            <option value="worktree">Worktree</option>
          </select>
        </label>
        {where === 'worktree' && (
          <label>
            Base
            <select aria-label="Base" value={draft.base ?? ''} onChange={(e) => setDraft({ base: e.target.value })}>
              <option value="">HEAD{bases?.cwd === cwd && bases.current ? ` (${bases.current})` : ''}</option>
              {bases?.cwd === cwd &&
                bases.branches.map((b) => (
                  <option key={b} value={b}>
                    {b}
                  </option>
                ))}
            </select>
          </label>
        )}
      </div>
      {where === 'worktree' && setupLog && (
        <pre className="setup-log" aria-label="Setup output">
          {setupLog}
        </pre>
      )}
    </>
  );
}

/** The sidebar row's mark of a worktree thread: branch and commits ahead/behind its base. */
export function WorktreeBadge({ thread }: { thread: Thread }) {
  const info = useWorktrees((s) => (thread.workspace?.kind === 'worktree' ? s.byPath[thread.workspace.root] : undefined));
  const ws = thread.workspace;
  if (!ws || ws.kind !== 'worktree') return null;
  const counts = info ? ` ↑${info.ahead} ↓${info.behind}` : '';
  return (
    <span className="badge worktree" data-testid="worktree-badge" title={`Worktree ${ws.root}`}>
      Worktree · {ws.branch ?? 'detached'}
      {counts}
    </span>
  );
}

/** The active thread's workspace: where it runs, environment actions and the worktrees panel (and a refused handoff's reason). */
export function WorkspaceBar({ threadId }: { threadId: string }) {
  const thread = useStore((s) => s.threads.find((t) => t.id === threadId));
  const byPath = useWorktrees((s) => s.byPath);
  const message = useWorktrees((s) => s.message);
  const ws = thread?.workspace;
  const local = thread ? localRootOf(thread, byPath) : null;
  const actions = useWorktrees((s) => (local ? s.actions[local] : undefined));
  // The picker closes once the thread exists: its worktree's setup output stays here.
  const setupLog = useWorktrees((s) => (ws?.kind === 'worktree' && s.setupFor === ws.root ? s.setupLog : ''));
  useEffect(() => {
    if (local) void loadActions(local);
  }, [local]);
  if (!thread || !ws) return null;
  return (
    <>
      <span className="badge workspace" data-testid="workspace-kind">
        {ws.kind === 'worktree' ? 'Worktree' : 'Local'}
        {ws.branch ? ` · ${ws.branch}` : ''}
      </span>
      {local && (
        <button className="link" onClick={() => void openWorktreePanel(local)}>
          Worktrees…
        </button>
      )}
      {(actions ?? []).map((a) => (
        <button key={a.name} className="secondary action" title={a.command} onClick={() => void runAction(threadId, a.name)}>
          {a.name}
        </button>
      ))}
      {message && (
        <div className="worktree-message" role="alert">
          {message}
        </div>
      )}
      {setupLog && (
        <pre className="setup-log" aria-label="Setup output">
          {setupLog}
        </pre>
      )}
      <ActionOutput threadId={threadId} />
    </>
  );
}

function ActionOutput({ threadId }: { threadId: string }) {
  const runs = useWorktrees((s) => s.runs);
  const last = runs.filter((r) => r.threadId === threadId).at(-1);
  if (!last) return null;
  return (
    <div className="action-output" aria-label="Action output">
      <div className="meta">
        {last.name} · {last.done ? `exited ${last.exitCode ?? 'by signal'}` : 'running…'}
        {!last.done && (
          <button className="link" onClick={() => void stopAction(last.runId)}>
            Stop
          </button>
        )}
      </div>
      <pre>{last.output}</pre>
    </div>
  );
}

/** The repository's managed worktrees; Remove asks first when it would lose anything. */
export function WorktreePanel() {
  const panel = useWorktrees((s) => s.panel);
  const removal = useWorktrees((s) => s.removal);
  const message = useWorktrees((s) => s.message);
  if (!panel) return null;
  return (
    <div className="worktree-panel" role="dialog" aria-label="Worktrees">
      <h3>Worktrees of {panel.repo}</h3>
      {panel.list.length === 0 && <div className="meta">No managed worktrees.</div>}
      <ul>
        {panel.list.map((w) => (
          <li key={w.path}>
            <span className="path" title={w.path}>
              {w.branch}
            </span>{' '}
            <span className="meta">
              ↑{w.ahead} ↓{w.behind}
              {w.dirty ? ' · uncommitted changes' : ''}
              {w.owner ? ` · in use by a thread` : ''}
            </span>{' '}
            <button className="secondary" aria-label={`Remove ${w.branch}`} onClick={() => void removeWorktree(w.path)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      {removal && (
        <div className="removal" role="alertdialog" aria-label="Confirm removal">
          <p>{removal.wouldLose.summary}</p>
          <button className="deny" onClick={() => void removeWorktree(removal.path, removal.wouldLose.token)}>
            Remove anyway
          </button>{' '}
          <button className="secondary" onClick={() => useWorktrees.setState({ removal: null })}>
            Keep it
          </button>
        </div>
      )}
      {message && (
        <div className="worktree-message" role="alert">
          {message}
        </div>
      )}
      <div className="actions">
        <button className="secondary" onClick={() => closeWorktreePanel()}>
          Close
        </button>
      </div>
    </div>
  );
}
