// Warnings for keys nobody reads. Codex ignores unknown keys silently; we
// say so once per key, because a misspelt key otherwise fails invisibly.
import {
  IMPLEMENTED_KEYS,
  KNOWN_FEATURES,
  KNOWN_UNIMPLEMENTED_KEYS,
  KNOWN_UNIMPLEMENTED_PROVIDER_KEYS,
  PROVIDER_KEYS,
  SANDBOX_WORKSPACE_WRITE_KEYS,
  SHELL_ENVIRONMENT_POLICY_KEYS,
} from './knownKeys.js';
import type { Locate } from './reader.js';
import { isTable, type TomlTable } from './table.js';

type Warn = (path: string[], what: string) => void;

function checkKeys(table: unknown, prefix: string[], allowed: (k: string) => boolean, warn: Warn, what = 'config key'): void {
  if (!isTable(table)) return; // a wrong type is the validator's error, not ours
  for (const key of Object.keys(table)) if (!allowed(key)) warn([...prefix, key], what);
}

/** Checks one level of settings: the file root, or a `[profiles.<name>]` body. */
function checkSettings(table: TomlTable, prefix: string[], warn: Warn, inProfile: boolean): void {
  for (const [key, value] of Object.entries(table)) {
    const at = [...prefix, key];
    // A profile cannot select or define profiles.
    const nestedProfileKey = inProfile && (key === 'profile' || key === 'profiles');
    if (nestedProfileKey || (!IMPLEMENTED_KEYS.has(key) && !KNOWN_UNIMPLEMENTED_KEYS.has(key))) {
      warn(at, 'config key');
      continue;
    }
    switch (key) {
      case 'model_providers':
        if (isTable(value)) {
          for (const [id, provider] of Object.entries(value)) {
            checkKeys(provider, [...at, id], (k) => PROVIDER_KEYS.has(k) || KNOWN_UNIMPLEMENTED_PROVIDER_KEYS.has(k), warn);
          }
        }
        break;
      case 'sandbox_workspace_write':
        checkKeys(value, at, (k) => SANDBOX_WORKSPACE_WRITE_KEYS.has(k), warn);
        break;
      case 'shell_environment_policy':
        checkKeys(value, at, (k) => SHELL_ENVIRONMENT_POLICY_KEYS.has(k), warn);
        break;
      case 'features':
        checkKeys(value, at, (k) => KNOWN_FEATURES.has(k), warn, 'feature');
        break;
      case 'profiles':
        if (isTable(value)) {
          for (const [name, body] of Object.entries(value)) {
            if (isTable(body)) checkSettings(body, [...at, name], warn, true);
          }
        }
        break;
    }
  }
}

export function collectUnknownKeyWarnings(root: TomlTable, locate: Locate): string[] {
  const seen = new Set<string>();
  const warnings: string[] = [];
  checkSettings(
    root,
    [],
    (path, what) => {
      const { origin, keyPath } = locate(path);
      if (seen.has(keyPath)) return;
      seen.add(keyPath);
      warnings.push(`${origin}: unknown ${what} ${keyPath} (ignored)`);
    },
    false,
  );
  return warnings;
}
