// Settings › Where settings come from: `config/read` with layers for the open
// thread's folder, so the user sees which file set each value and which project
// config.toml is ignored until the project is trusted.
import { create } from 'zustand';
import type { ConfigReadResponse } from '../../shared/protocol/types.js';
import { formatKeyPath } from '../../shared/protocol/configKeyPath.js';
import { layerFile } from './settingsModel.js';

export { layerFile };

type Layer = NonNullable<ConfigReadResponse['layers']>[number];

export interface ConfigSourcesState {
  read: ConfigReadResponse | null;
  cwd: string | null;
  status: string | null;
}

export const useConfigSources = create<ConfigSourcesState>(() => ({ read: null, cwd: null, status: null }));

const api = () => window.codex;

export async function loadConfigSources(cwd: string | null): Promise<void> {
  try {
    const read = await api().request('config/read', { includeLayers: true, cwd });
    useConfigSources.setState({ read, cwd });
  } catch (err) {
    useConfigSources.setState({ status: `Could not read the config layers: ${(err as Error).message}` });
  }
}

/** Where a key's value comes from: the file that set it, or the built-in default. */
export function originOf(read: ConfigReadResponse, key: string): string {
  const meta = read.origins[key];
  return meta ? layerFile(meta) : 'default';
}

/** The project folder a `.codex` layer belongs to (its trust entry). */
export function projectDirOf(layer: Layer): string | null {
  return layer.name.type === 'project' ? layer.name.dotCodexFolder.replace(/\/\.codex$/, '') : null;
}

/** Trusts a project in the user's config.toml (`projects."<dir>".trust_level`), then reads the layers again; false when it could not. */
export async function trustProject(dir: string): Promise<boolean> {
  let saved = false;
  try {
    const r = await api().request('config/value/write', {
      keyPath: formatKeyPath(['projects', dir, 'trust_level']),
      value: 'trusted',
      mergeStrategy: 'replace',
    });
    useConfigSources.setState({ status: `Trusted ${dir} in ${r.filePath}; new threads there use its .codex/config.toml` });
    saved = true;
  } catch (err) {
    useConfigSources.setState({ status: `Could not trust ${dir}: ${(err as Error).message}` });
  }
  await loadConfigSources(useConfigSources.getState().cwd);
  return saved;
}
