import { baseName, formatCwd } from './format.js';
import { useMemo } from 'react';
import { filterThreads, withSearchHits } from './search.js';
import { loadOlderThreads, useServerSearch } from './threadHistory.js';
import { newThreadIn, openSettings, refreshThreads, setPickerOpen, setSearch, useStore } from './store.js';
import { projectFolders } from './projects.js';
import { ThreadRow } from './ThreadRow.js';
import { activeStatuses, buildBoard } from './board.js';
import { useShallow } from 'zustand/react/shallow';
import { Icon } from './icons.js';
import { localRootOf, useWorktrees } from './worktrees.js';

export function Sidebar() {
  const all = useStore((s) => s.threads);
  const total = all.length;
  const activeId = useStore((s) => s.activeId);
  const home = useStore((s) => s.homeDir);
  const search = useStore((s) => s.search);
  const hits = useStore((s) => s.searchHits);
  const unlisted = useStore((s) => s.threadsCursor !== null);
  useServerSearch(search);
  const threads = useMemo(() => filterThreads(withSearchHits(all, hits, search), search, home), [all, hits, search, home]);
  const statuses = useStore(useShallow(activeStatuses));
  const worktrees = useWorktrees((s) => s.byPath);
  const board = useMemo(
    () =>
      buildBoard(
        threads,
        (t) => statuses[t.id] ?? 'idle',
        (t) => (t.workspace?.kind === 'worktree' && localRootOf(t, worktrees)) || t.cwd,
      ),
    [threads, statuses, worktrees],
  );
  return (
    <aside className="sidebar">
      <button type="button" className="new-thread-button" onClick={() => setPickerOpen(true)}>
        <Icon name="plus" size={14} /> New thread
      </button>
      <ProjectList />
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
          No thread matches “{search}”{unlisted ? '' : ` (${total} in total)`}
        </div>
      )}
      {!search && unlisted && (
        <button type="button" className="link older-threads" onClick={() => void loadOlderThreads()}>
          Show older threads
        </button>
      )}
    </aside>
  );
}

/** How many projects the sidebar lists; the picker has them all. */
const SIDEBAR_PROJECTS = 8;

/** The projects (remembered ones, then the threads' folders), each with its own New-thread button. */
function ProjectList() {
  const threads = useStore((s) => s.threads);
  const recent = useStore((s) => s.recentProjects);
  const home = useStore((s) => s.homeDir);
  const projects = useMemo(() => projectFolders(threads, recent, SIDEBAR_PROJECTS), [threads, recent]);
  if (!projects.length) return null;
  return (
    <>
      <h3 className="projects-head">Projects</h3>
      <ul className="projects-list" aria-label="Projects">
        {projects.map((cwd) => (
          <li key={cwd} className="project-item" title={formatCwd(cwd, home)}>
            <Icon name="folder" size={14} />
            <span className="project-name">{baseName(cwd)}</span>
            <button
              type="button"
              className="link"
              aria-label={`New thread in ${baseName(cwd)}`}
              title={`New thread in ${cwd}`}
              onClick={() => void newThreadIn(cwd)}
            >
              <Icon name="plus" size={12} />
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
