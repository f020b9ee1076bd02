// New thread: pick the project (recent ones, searchable; a typed folder; or the
// OS folder dialog through "Choose folder…") and how the thread runs there
// (Local or a new Worktree from a base, sandbox, approval). Enter or a click on
// a project starts the thread. A project whose .codex/config.toml is ignored
// can be trusted here first, so the thread starts with it.
import { listboxKeyDown } from './listboxKeys.js';
import { useEffect, useMemo, useRef, useState } from 'react';
import { baseName, formatCwd } from './format.js';
import { newThreadIn, newThreadInChosenFolder, setDraft, setPickerOpen, useStore } from './store.js';
import { pickerChoices, projectFolders } from './projects.js';
import { APPROVAL_POLICIES, SANDBOX_MODES } from './turnOptions.js';
import { WorktreeChoice } from './WorktreeViews.js';
import { Icon } from './icons.js';
import { PickerTrustNotice } from './PickerTrustNotice.js';

export function ProjectPicker() {
  const open = useStore((s) => s.pickerOpen);
  if (!open) return null;
  return <PickerDialog />;
}

function PickerDialog() {
  const threads = useStore((s) => s.threads);
  const recent = useStore((s) => s.recentProjects);
  const home = useStore((s) => s.homeDir);
  const draft = useStore((s) => s.draft);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const folders = useMemo(() => projectFolders(threads, recent), [threads, recent]);
  const choices = useMemo(() => pickerChoices(folders, query, home), [folders, query, home]);
  const current = choices[Math.min(selected, choices.length - 1)];
  useEffect(() => input.current?.focus(), []);
  // The Base list belongs to the highlighted project.
  useEffect(() => {
    if (current && current.folder !== draft.cwd) setDraft({ cwd: current.folder, base: '' });
  }, [current, draft.cwd]);
  const close = () => setPickerOpen(false);
  const start = (folder: string | undefined) => {
    if (folder) void newThreadIn(folder);
  };
  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className="palette project-picker" role="dialog" aria-label="New thread">
        <input
          ref={input}
          aria-label="Project or folder"
          placeholder="Search projects or type a folder path…"
          spellCheck={false}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setSelected(0);
          }}
          onKeyDown={(e) => listboxKeyDown(e, { count: choices.length, move: setSelected, pick: () => start(current?.folder), close })}
        />
        <ul role="listbox" aria-label="Projects">
          {choices.map((c, i) => (
            <li
              key={c.folder}
              role="option"
              aria-selected={c === current}
              aria-label={c.typed ? `Start in ${c.folder}` : baseName(c.folder)}
              className={c === current ? 'selected' : undefined}
              title={c.folder}
              onMouseEnter={() => setSelected(i)}
              onMouseDown={(e) => {
                e.preventDefault();
                start(c.folder);
              }}
            >
              <span className="project-name">
                <Icon name="folder" size={14} />
                <span>{c.typed ? `Start in ${formatCwd(c.folder, home)}` : baseName(c.folder)}</span>
              </span>
              {!c.typed && <span className="meta">{formatCwd(c.folder, home)}</span>}
            </li>
          ))}
          {choices.length === 0 && <li className="meta empty">{folders.length ? `No project matches “${query}”` : 'No recent projects yet'}</li>}
        </ul>
        <PickerTrustNotice folder={current?.folder} />
        <div className="picker-options">
          <button type="button" className="secondary" onClick={() => void newThreadInChosenFolder(current?.folder ?? null)}>
            Choose folder…
          </button>
          <WorktreeChoice />
          <label>
            Sandbox
            <select
              aria-label="Sandbox"
              value={draft.sandbox}
              onChange={(e) => setDraft({ sandbox: SANDBOX_MODES.find((m) => m === e.target.value) ?? draft.sandbox })}
            >
              {SANDBOX_MODES.map((m) => (
                <option key={m} value={m}>
                  {m === 'danger-full-access' ? 'full access' : m}
                </option>
              ))}
            </select>
          </label>
          <label>
            Approval
            <select
              aria-label="Approval"
              value={draft.approvalPolicy}
              onChange={(e) => setDraft({ approvalPolicy: APPROVAL_POLICIES.find((p) => p === e.target.value) ?? draft.approvalPolicy })}
            >
              {APPROVAL_POLICIES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          <span className="spacer" />
          <button type="button" disabled={!current} onClick={() => start(current?.folder)}>
            Start thread
          </button>
        </div>
      </div>
    </div>
  );
}
