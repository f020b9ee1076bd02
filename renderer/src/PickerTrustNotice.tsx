// In the New-thread picker: the highlighted folder's .codex/config.toml is
// ignored until the project is trusted. A thread reads its config once, when it
// starts, so trusting here lets the very first thread there run with it (the
// notice over a conversation can only help threads started after it).
import { useEffect, useState } from 'react';
import type { ConfigReadResponse } from '../../shared/protocol/types.js';
import { layerFile, projectDirOf, trustProject, useConfigSources } from './configSourcesStore.js';

type Layer = NonNullable<ConfigReadResponse['layers']>[number];

export function PickerTrustNotice({ folder }: { folder: string | undefined }) {
  const [ignored, setIgnored] = useState<Layer[]>([]);
  const [reads, setReads] = useState(0);
  useEffect(() => {
    let live = true;
    setIgnored([]);
    if (folder) {
      window.codex.request('config/read', { includeLayers: true, cwd: folder }).then(
        (r) => live && setIgnored((r.layers ?? []).filter((l) => l.name.type === 'project' && l.disabledReason)),
        // A folder still being typed may not exist: nothing to say about it yet.
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [folder, reads]);
  const trust = async (dir: string) => {
    // Trusted before its first thread: "new threads there use it" would only confuse over that thread. A failure stays shown.
    if (await trustProject(dir)) useConfigSources.setState({ status: null });
    setReads((n) => n + 1);
  };
  if (ignored.length === 0) return null;
  return (
    <div className="banner project-trust" role="alert" aria-label="Project config not trusted">
      {ignored.map((l) => {
        const dir = projectDirOf(l);
        return (
          <div key={layerFile(l)}>
            <code>{layerFile(l)}</code> is ignored until you trust this project. {l.disabledReason}{' '}
            {dir && (
              <button type="button" className="secondary" onClick={() => void trust(dir)}>
                Trust {dir}
              </button>
            )}
          </div>
        );
      })}
    </div>
  );
}
