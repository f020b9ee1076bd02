// The Settings panel's model of config.toml: the few keys it edits, read from
// `config/read` and written back as `config/batchWrite` edits of only the keys
// the user changed (the core keeps the rest of the file byte for byte).
import type { AskForApproval, ConfigEdit, ConfigReadResponse, ReasoningEffort, SandboxMode } from '../../shared/protocol/types.js';

export interface SettingsValues {
  model: string;
  /** '' = not set (the model's default) */
  effort: ReasoningEffort | '';
  approvalPolicy: AskForApproval;
  sandboxMode: SandboxMode;
  /** desktop.notifications: native notifications when a turn ends or needs approval */
  notifications: boolean;
}

/** config.toml key of each field. */
export const SETTING_KEYS: Record<keyof SettingsValues, string> = {
  model: 'model',
  effort: 'model_reasoning_effort',
  approvalPolicy: 'approval_policy',
  sandboxMode: 'sandbox_mode',
  notifications: 'desktop.notifications',
};

export function settingsFromConfig(r: ConfigReadResponse): SettingsValues {
  const c = r.config;
  const desktop = c.desktop && typeof c.desktop === 'object' && !Array.isArray(c.desktop) ? c.desktop : {};
  return {
    model: typeof c.model === 'string' ? c.model : '',
    effort: (typeof c.model_reasoning_effort === 'string' ? c.model_reasoning_effort : '') as SettingsValues['effort'],
    approvalPolicy: (typeof c.approval_policy === 'string' ? c.approval_policy : 'on-request') as AskForApproval,
    sandboxMode: (typeof c.sandbox_mode === 'string' ? c.sandbox_mode : 'read-only') as SandboxMode,
    notifications: desktop.notifications !== false,
  };
}

/** The user layer's version, for expectedVersion. */
export function userVersion(r: ConfigReadResponse): string | null {
  return r.layers?.find((l) => l.name.type === 'user')?.version ?? null;
}

/** One edit per changed field; an emptied model or effort removes the key. */
export function changedEdits(before: SettingsValues, after: SettingsValues): ConfigEdit[] {
  const edits: ConfigEdit[] = [];
  for (const field of Object.keys(SETTING_KEYS) as (keyof SettingsValues)[]) {
    const a = after[field];
    if (a === before[field]) continue;
    const value = typeof a === 'string' ? (a.trim() === '' ? null : a.trim()) : a;
    edits.push({ keyPath: SETTING_KEYS[field], value, mergeStrategy: 'replace' });
  }
  return edits;
}

type LayerSource = NonNullable<ConfigReadResponse['layers']>[number]['name'];

/** The file a config layer stands for. */
export function layerFile(layer: { name: LayerSource }): string {
  const n = layer.name;
  if (n.type === 'user') return n.file;
  if (n.type === 'project') return `${n.dotCodexFolder}/config.toml`;
  return '-c / session flags';
}

/** A field whose value in a folder comes from another layer than the user's config.toml: what applies there and which file set it. */
export interface EffectiveOverride {
  value: string;
  origin: string;
}

/**
 * The fields the form edits (user-level) that a project or session layer overrides
 * in `read` (config/read with layers for the thread's folder), so the form can
 * show what actually applies there and where it comes from.
 */
export function effectiveOverrides(read: ConfigReadResponse): Partial<Record<keyof SettingsValues, EffectiveOverride>> {
  const effective = settingsFromConfig(read);
  const out: Partial<Record<keyof SettingsValues, EffectiveOverride>> = {};
  for (const field of Object.keys(SETTING_KEYS) as (keyof SettingsValues)[]) {
    const layer = read.origins[SETTING_KEYS[field]]?.name;
    if (!layer || layer.type === 'user') continue;
    const value = effective[field];
    out[field] = {
      value: typeof value === 'boolean' ? (value ? 'on' : 'off') : value,
      origin: layerFile({ name: layer }),
    };
  }
  return out;
}
