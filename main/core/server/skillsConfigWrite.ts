// `skills/config/write`: checks the selector as Codex does (exactly one of path
// or a non-blank name; a path must be absolute), then enables or disables the
// skill in the user's config.toml under its lock.
import path from 'node:path';
import { RpcError } from './rpcError.js';
import { JSONRPC_INVALID_PARAMS, JSONRPC_INVALID_REQUEST, type ClientRequestParams, type ClientRequestResult } from '../../../shared/protocol/types.js';
import { updateFileLocked } from '../config/lockedUpdate.js';
import { setSkillEnabled, type SkillSelector } from '../config/skillsConfigEdit.js';

export function writeSkillEnabled(file: string, p: ClientRequestParams<'skills/config/write'>): ClientRequestResult<'skills/config/write'> {
  const selector = selectorOf(p);
  // A UTF-8 BOM stays where it was; the edit works on the TOML after it.
  updateFileLocked(file, (raw) => {
    const bom = raw.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
    return bom + setSkillEnabled(raw.slice(bom.length), selector, p.enabled);
  });
  return { effectiveEnabled: p.enabled };
}

function selectorOf(p: ClientRequestParams<'skills/config/write'>): SkillSelector {
  const name = p.name ?? null;
  const file = p.path ?? null;
  // Codex's AbsolutePathBuf refuses a relative path before the handler runs (-32600, its message).
  if (file !== null && !path.isAbsolute(file)) throw new RpcError(JSONRPC_INVALID_REQUEST, 'Invalid request: AbsolutePathBuf deserialized without a base path');
  if (file !== null && name === null) return { path: path.normalize(file) };
  if (file === null && name !== null && name.trim() !== '') return { name };
  throw new RpcError(JSONRPC_INVALID_PARAMS, 'skills/config/write requires exactly one of path or name');
}
