// Under a Settings field (which edits the user's config.toml): the value that
// actually applies in the open thread's folder when a project's .codex/config.toml
// or a session flag sets it, and which file that is.
import { useConfigSources } from './configSourcesStore.js';
import { effectiveOverrides, type SettingsValues } from './settingsModel.js';

export function EffectiveSetting({ field }: { field: keyof SettingsValues }) {
  const { read, cwd } = useConfigSources();
  const override = read ? effectiveOverrides(read)[field] : undefined;
  if (!override) return null;
  return (
    <span className="meta" data-testid={`effective-${field}`}>
      {cwd ? `In ${cwd}: ` : 'In effect: '}
      {override.value || 'model default'} (set in {override.origin})
    </span>
  );
}
