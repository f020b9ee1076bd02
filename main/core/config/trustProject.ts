// `codex exec --trust`: saves `[projects."<repo root>"] trust_level = "trusted"` in
// the user's config.toml, as Codex 0.169 does, so the project's own
// `.codex/config.toml` applies from now on. A project explicitly marked
// untrusted stays untrusted (Codex: "Does not override an explicitly untrusted project").
import path from 'node:path';
import { formatKeyPath, getPath } from './table.js';
import { parseToml, readTomlFile } from './tomlFile.js';
import { applyConfigEdit } from './edit.js';
import { updateFileLocked } from './lockedUpdate.js';
import { projectTrust } from './projectLayers.js';

export type TrustOutcome = { status: 'trusted' | 'alreadyTrusted'; key: string } | { status: 'explicitlyUntrusted'; key: string; configFile: string };

export function trustProject(codexHome: string, cwd: string): TrustOutcome {
  const configFile = path.join(codexHome, 'config.toml');
  const trust = projectTrust(path.resolve(cwd), readTomlFile(configFile) ?? {});
  const current = trust.levelFor(path.resolve(cwd));
  if (current.level === 'untrusted') return { status: 'explicitlyUntrusted', key: current.key, configFile };
  if (current.level === 'trusted') return { status: 'alreadyTrusted', key: current.key };
  updateFileLocked(configFile, (raw) => markTrusted(raw, configFile, trust.trustKey));
  return { status: 'trusted', key: trust.trustKey };
}

/** The file with the project trusted: a new `[projects."<key>"]` table at the end, as Codex writes it, or the existing entry edited in place. */
function markTrusted(raw: string, file: string, key: string): string {
  const bom = raw.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const text = raw.slice(bom.length);
  if (getPath(parseToml(text, file), ['projects', key]) !== undefined) {
    return bom + applyConfigEdit(text, { keyPath: formatKeyPath(['projects', key, 'trust_level']), value: 'trusted', mergeStrategy: 'replace' });
  }
  const sep = text === '' || text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  return `${bom}${text}${sep}[${formatKeyPath(['projects', key])}]\ntrust_level = "trusted"\n`;
}
