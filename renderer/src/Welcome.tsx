// What the window shows with no thread open: the recent projects (one click
// starts a thread there), a folder picker, and what to do first.
import { useMemo } from 'react';
import { baseName, formatCwd } from './format.js';
import { SHORTCUTS, shortcutLabel } from './shortcuts.js';
import { IS_MAC } from './commands.js';
import { newThreadInChosenFolder, newThreadIn, useStore } from './store.js';
import { projectFolders } from './projects.js';

const RECENT_PROJECTS = 6;

function keys(action: (typeof SHORTCUTS)[number]['action']): string {
  const s = SHORTCUTS.find((x) => x.action === action);
  return s ? shortcutLabel(s.keys, IS_MAC) : '';
}

export function Welcome() {
  const threads = useStore((s) => s.threads);
  const home = useStore((s) => s.homeDir);
  const recent = useStore((s) => s.recentProjects);
  const projects = useMemo(() => projectFolders(threads, recent, RECENT_PROJECTS), [threads, recent]);
  return (
    <section className="welcome" aria-label="Welcome">
      <h1>Codex</h1>
      <p className="meta">Start a new thread or pick one from the list.</p>
      <h2>Recent projects</h2>
      <ul className="projects" aria-label="Recent projects">
        {projects.map((cwd) => (
          <li key={cwd}>
            <button type="button" className="project-button" title={`New thread in ${cwd}`} onClick={() => void newThreadIn(cwd)}>
              <span className="project-name">{baseName(cwd)}</span>
              <span className="meta">{formatCwd(cwd, home)}</span>
            </button>
          </li>
        ))}
        <li>
          <button type="button" className="project-button secondary" onClick={() => void newThreadInChosenFolder()}>
            <span className="project-name">Choose folder…</span>
            <span className="meta">Start a thread in another project</span>
          </button>
        </li>
      </ul>
      <h2>What to do first</h2>
      <ol className="first-steps">
        <li>Pick a project: Codex reads and edits files in that folder, within the sandbox you choose.</li>
        <li>Describe the task in plain words; Codex asks before it runs anything outside the sandbox.</li>
        <li>
          Type <kbd>/</kbd> in the message box for commands, <kbd>{keys('commandPalette')}</kbd> for the command palette, <kbd>{keys('newThread')}</kbd> for a
          new thread.
        </li>
      </ol>
    </section>
  );
}
