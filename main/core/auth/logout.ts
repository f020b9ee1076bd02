// `codex logout`: removes auth.json, after asking the issuer to revoke a
// ChatGPT login's refresh token (best effort, as Codex: a failed revoke never
// keeps the user logged in).
import { logout } from '../config/auth.js';
import { readChatgptLogin } from './chatgptAuthFile.js';
import { oauthSettings, revokeTokenUrl } from './oauthConfig.js';

export async function revokeRefreshToken(url: string, clientId: string, refreshToken: string): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: refreshToken, token_type_hint: 'refresh_token', client_id: clientId }),
      signal: AbortSignal.timeout(10_000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

/** True when there was a login to remove. */
export async function logoutWithRevoke(codexHome: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  let login;
  try {
    login = readChatgptLogin(codexHome);
  } catch {
    login = undefined; // unreadable tokens: nothing to revoke, still remove the file
  }
  if (login) {
    const s = login.provenance ?? oauthSettings(env);
    await revokeRefreshToken(revokeTokenUrl(s, env), s.clientId, login.tokens.refreshToken);
  }
  return logout(codexHome);
}
