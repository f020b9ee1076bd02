// Settings › Skills: what `skills/list` finds for the open thread's folder (or
// the app's), with where each comes from; `$name` in a message invokes one. Each
// has a switch (skills/config/write): a disabled skill is not offered to the model.
import { useEffect, useState } from 'react';
import type { ClientRequestResult } from '../../shared/protocol/types.js';
import { useStore } from './store.js';

type Entry = ClientRequestResult<'skills/list'>['data'][number];

export function SkillsList() {
  const cwd = useStore((s) => (s.activeId ? (s.views[s.activeId]?.cwd ?? null) : null));
  const [entry, setEntry] = useState<Entry | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const [saving, setSaving] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    window.codex.request('skills/list', { cwds: cwd ? [cwd] : [], forceReload: true }).then(
      (r) => live && setEntry(r.data[0] ?? null),
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [cwd, reloads]);
  const setEnabled = (path: string, enabled: boolean) => {
    setSaving(path);
    setError(null);
    window.codex
      .request('skills/config/write', { path, enabled })
      .then(
        () => setReloads((n) => n + 1),
        (err: Error) => setError(`Could not save the skill setting: ${err.message}`),
      )
      .finally(() => setSaving(null));
  };
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
            <li key={s.path} data-testid={`skill-${s.name}`} className={s.enabled ? undefined : 'disabled'}>
              <input
                type="checkbox"
                aria-label={`Use $${s.name}`}
                checked={s.enabled}
                disabled={saving !== null}
                onChange={(e) => setEnabled(s.path, e.target.checked)}
              />
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
