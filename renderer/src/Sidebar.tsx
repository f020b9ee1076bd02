import type { AskForApproval, SandboxMode } from '../../shared/protocol/types.js';
import { formatCwd, formatSessionSource } from './format.js';
import { useMemo } from 'react';
import { filterThreads } from './search.js';
import { chooseFolder, newThread, openSettings, refreshThreads, setDraft, setSearch, useStore } from './store.js';
import { APPROVAL_POLICIES, SANDBOX_MODES } from './turnOptions.js';
import { WorktreeBadge, WorktreeChoice } from './WorktreeViews.js';
import { ThreadRow } from './ThreadRow.js';
import { activeStatuses, buildBoard } from './board.js';
import { useShallow } from 'zustand/react/shallow';
import { Icon } from './icons.js';

export function Sidebar() {
  const all = useStore((s) => s.threads);
  const total = all.length;
  const activeId = useStore((s) => s.activeId);
  const home = useStore((s) => s.homeDir);
  const draft = useStore((s) => s.draft);
  const search = useStore((s) => s.search);
  const threads = useMemo(() => filterThreads(all, search, home), [all, search, home]);
  const statuses = useStore(useShallow(activeStatuses));
  const board = useMemo(() => buildBoard(threads, (t) => statuses[t.id] ?? 'idle'), [threads, statuses]);
  return (
    <aside className="sidebar">
      <form
        className="new-thread"
        onSubmit={(e) => {
          e.preventDefault();
          void newThread();
        }}
      >
        <label>
          Working directory
          <span className="folder-field">
            <input
              aria-label="Working directory"
              value={draft.cwd}
              onChange={(e) => setDraft({ cwd: e.target.value })}
              placeholder="/path/to/project"
              spellCheck={false}
            />
            <button type="button" className="secondary" onClick={() => void chooseFolder()} title="Choose a folder">
              Choose…
            </button>
          </span>
        </label>
        <div className="row">
          <label>
            Sandbox
            <select aria-label="Sandbox" value={draft.sandbox} onChange={(e) => setDraft({ sandbox: e.target.value as SandboxMode })}>
              {SANDBOX_MODES.map((m) => (
                <option key={m} value={m}>
                  {m === 'danger-full-access' ? 'full access' : m}
                </option>
              ))}
            </select>
          </label>
          <label>
            Approval
            <select aria-label="Approval" value={draft.approvalPolicy} onChange={(e) => setDraft({ approvalPolicy: e.target.value as AskForApproval })}>
              {APPROVAL_POLICIES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
        </div>
        <WorktreeChoice />
        <button type="submit">New thread</button>
      </form>
      <div className="threads-head">
        <span>Threads</span>
        <span>
          <button className="link" onClick={() => void refreshThreads()} title="Refresh" aria-label="Refresh threads">
            <Icon name="refresh" />
          </button>
          <button className="link" onClick={() => void openSettings()} title="Settings" aria-label="Settings">
            <Icon name="settings" />
          </button>
        </span>
      </div>
      <input
        className="search"
        type="search"
        aria-label="Search threads"
        placeholder="Search title or folder…"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setSearch('');
        }}
      />
      <ul className="threads" aria-label="Threads">
        {board.map((section) => (
          <li key={section.status} className={`board-section status-${section.status}`}>
            <h3 className="section-head" id={`section-${section.status}`}>
              <span>{section.label}</span>
              <span className="count" data-testid={`count-${section.status}`}>
                {section.count}
              </span>
            </h3>
            {section.groups.map((g) => (
              <ul key={g.project} className="project" aria-label={`${section.label}: ${g.label}`}>
                <li className="project-head" title={g.project}>
                  <span>{g.label}</span>
                  <button
                    type="button"
                    className="link"
                    aria-label={`New thread in ${g.label}`}
                    title={`New thread in ${g.project}`}
                    onClick={() => void newThread({ ...draft, cwd: g.project })}
                  >
                    <Icon name="plus" size={12} />
                  </button>
                </li>
                {g.threads.map((t) => (
                  <ThreadRow key={t.id} thread={t} active={t.id === activeId} />
                ))}
              </ul>
            ))}
          </li>
        ))}
      </ul>
      {search && threads.length === 0 && (
        <div className="empty-search">
          No thread matches “{search}” ({total} in total)
        </div>
      )}
    </aside>
  );
}
