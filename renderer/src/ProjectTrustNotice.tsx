// Above the conversation: the open thread's project has a .codex/config.toml that
// is ignored because the project is not trusted. Names the file, says why (Codex's
// reason) and offers to trust it; threads started afterwards use it.
import { useEffect } from 'react';
import { useStore } from './store.js';
import { layerFile, loadConfigSources, projectDirOf, trustProject, useConfigSources } from './configSourcesStore.js';

export function ProjectTrustNotice() {
  const cwd = useStore((s) => (s.activeId ? (s.views[s.activeId]?.cwd ?? null) : null));
  const { read, cwd: readFor, status } = useConfigSources();
  useEffect(() => {
    if (cwd) void loadConfigSources(cwd);
  }, [cwd]);
  if (!cwd || readFor !== cwd || !read) return null;
  const ignored = (read.layers ?? []).filter((l) => l.name.type === 'project' && l.disabledReason);
  if (ignored.length === 0) {
    return status ? (
      <div className="notice project-trust" role="status">
        {status}
      </div>
    ) : null;
  }
  return (
    <div className="banner project-trust" role="alert" aria-label="Project config ignored">
      {ignored.map((l) => {
        const dir = projectDirOf(l);
        return (
          <div key={layerFile(l)}>
            This project&apos;s config is ignored: <code>{layerFile(l)}</code>. {l.disabledReason}{' '}
            {dir && (
              <button type="button" className="secondary" onClick={() => void trustProject(dir)}>
                Trust {dir}
              </button>
            )}
          </div>
        );
      })}
    </div>
  );
}
