// Settings › Skills: what `skills/list` finds for the open thread's folder (or
// the app's), with where each comes from; `$name` in a message invokes one.
import { useEffect, useState } from 'react';
import type { ClientRequestResult } from '../../shared/protocol/types.js';
import { useStore } from './store.js';

type Entry = ClientRequestResult<'skills/list'>['data'][number];

export function SkillsList() {
  const cwd = useStore((s) => (s.activeId ? (s.views[s.activeId]?.cwd ?? null) : null));
  const [entry, setEntry] = useState<Entry | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    window.codex.request('skills/list', { cwds: cwd ? [cwd] : [] }).then(
      (r) => live && setEntry(r.data[0] ?? null),
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [cwd]);
  return (
    <fieldset className="skills-list" aria-label="Skills">
      <legend>Skills</legend>
      <p className="meta">Type $name in a message to use one. Found in CODEX_HOME/skills and the project&apos;s .agents/skills and .codex/skills.</p>
      {error && (
        <div className="meta" role="alert">
          {error}
        </div>
      )}
      {entry && entry.skills.length === 0 && <div className="meta">No skills found.</div>}
      {entry && entry.skills.length > 0 && (
        <ul>
          {entry.skills.map((s) => (
            <li key={s.path} data-testid={`skill-${s.name}`}>
              <strong>${s.name}</strong> <span className="meta">({s.scope})</span> {s.description}
            </li>
          ))}
        </ul>
      )}
      {entry?.errors.map((e) => (
        <div key={e.path} className="meta" role="alert">
          {e.path}: {e.message}
        </div>
      ))}
    </fieldset>
  );
}
