// Settings › Where settings come from: each edited key's layer, and the project
// config files with their state (applied, or ignored until trusted, with a Trust button).
import { useEffect } from 'react';
import { useStore } from './store.js';
import { SETTING_KEYS } from './settingsModel.js';
import { layerFile, loadConfigSources, originOf, projectDirOf, trustProject, useConfigSources } from './configSourcesStore.js';

export function ConfigSources() {
  const cwd = useStore((s) => (s.activeId ? (s.views[s.activeId]?.cwd ?? null) : null));
  const { read, status } = useConfigSources();
  useEffect(() => {
    void loadConfigSources(cwd);
  }, [cwd]);
  const projects = (read?.layers ?? []).filter((l) => l.name.type === 'project');
  return (
    <fieldset className="config-sources" aria-label="Where settings come from">
      <legend>Where settings come from{cwd ? ` (in ${cwd})` : ''}</legend>
      {read && (
        <dl>
          {Object.values(SETTING_KEYS).map((key) => (
            <div key={key} data-testid={`origin-${key}`}>
              <dt>{key}</dt>
              <dd className="meta">{originOf(read, key)}</dd>
            </div>
          ))}
        </dl>
      )}
      {projects.map((l) => {
        const dir = projectDirOf(l);
        return (
          <div key={layerFile(l)} className="project-layer" data-testid="project-layer">
            <code>{layerFile(l)}</code>{' '}
            {l.disabledReason ? (
              <>
                <span className="meta">ignored: {l.disabledReason}</span>{' '}
                {dir && (
                  <button type="button" className="secondary" onClick={() => void trustProject(dir)}>
                    Trust {dir}
                  </button>
                )}
              </>
            ) : (
              <span className="meta">applied (trusted project)</span>
            )}
          </div>
        );
      })}
      {status && (
        <div className="meta" role="status">
          {status}
        </div>
      )}
    </fieldset>
  );
}
