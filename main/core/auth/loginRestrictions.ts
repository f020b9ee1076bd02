// Codex's config keys that restrict sign-in: `forced_login_method`
// ("chatgpt" | "api") and `forced_chatgpt_workspace_id` (one id or a list),
// read from the merged config table.

export interface LoginRestrictions {
  forcedLoginMethod?: 'chatgpt' | 'api';
  forcedWorkspaceIds?: string[];
}

// Codex's refusals.
export const CHATGPT_LOGIN_DISABLED = 'ChatGPT login is disabled. Use API key login instead.';
export const API_KEY_LOGIN_DISABLED = 'API key login is disabled. Use ChatGPT login instead.';

export function loginRestrictions(raw: Record<string, unknown>): LoginRestrictions {
  const out: LoginRestrictions = {};
  const method = raw.forced_login_method;
  if (method !== undefined) {
    if (method !== 'chatgpt' && method !== 'api') throw new Error(`forced_login_method: expected "chatgpt" or "api", got ${JSON.stringify(method)}`);
    out.forcedLoginMethod = method;
  }
  const ws = raw.forced_chatgpt_workspace_id;
  if (ws !== undefined) {
    const ids = typeof ws === 'string' ? [ws] : Array.isArray(ws) && ws.every((w) => typeof w === 'string') ? (ws as string[]) : undefined;
    if (ids === undefined) throw new Error('forced_chatgpt_workspace_id: expected a string or a list of strings');
    const trimmed = ids.map((i) => i.trim()).filter((i) => i !== '');
    if (trimmed.length > 0) out.forcedWorkspaceIds = trimmed;
  }
  return out;
}
