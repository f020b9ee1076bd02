// "Sign in with ChatGPT" with a device code (`codex login --device-auth`), as
// Codex does it: ask the issuer for a user code, show it with the
// verification URL, poll until the user approved it in any browser, then
// trade the authorization code the poll returns (with the PKCE verifier the
// issuer made) for tokens and save them.
import { saveChatgptLogin } from './chatgptAuthFile.js';
import { workspaceRefusal } from './browserLogin.js';
import type { OAuthSettings } from './oauthConfig.js';
import { exchangeCodeForTokens, jsonObject, statusLine } from './tokenEndpoint.js';

export interface DeviceCode {
  verificationUrl: string;
  userCode: string;
  deviceAuthId: string;
  intervalSec: number;
}

export const DEVICE_CODE_NOT_ENABLED = 'device code login is not enabled for this Codex server. Use the browser login or verify the server URL.';
/** How long Codex polls before giving up (the code's lifetime). */
export const DEVICE_AUTH_MAX_WAIT_MS = 15 * 60 * 1000;

function api(s: OAuthSettings): string {
  return `${s.issuer}/api/accounts`;
}

async function postJson(url: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  try {
    return await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: signal ?? AbortSignal.timeout(60_000),
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    const cause = (err as { cause?: { message?: string } }).cause?.message;
    throw new Error(`error sending request for url (${url})${cause ? `: ${cause}` : ''}`);
  }
}

/** Step 1: the user code and where to enter it. */
export async function requestDeviceCode(s: OAuthSettings): Promise<DeviceCode> {
  const res = await postJson(`${api(s)}/deviceauth/usercode`, { client_id: s.clientId });
  if (res.status === 404) throw new Error(DEVICE_CODE_NOT_ENABLED);
  if (!res.ok) throw new Error(`device code request failed with status ${statusLine(res.status)}`);
  const json = jsonObject(await res.text(), 'device code request');
  const userCode = json.user_code ?? json.usercode;
  if (typeof json.device_auth_id !== 'string' || typeof userCode !== 'string') throw new Error('device code response is missing device_auth_id or user_code');
  // Codex reads `interval` as a string of seconds; a number is accepted too.
  const interval = json.interval === undefined ? 0 : Number(String(json.interval).trim());
  if (!Number.isFinite(interval) || interval < 0) throw new Error(`device code response: invalid interval ${JSON.stringify(json.interval)}`);
  return { verificationUrl: `${s.issuer}/codex/device`, userCode, deviceAuthId: json.device_auth_id, intervalSec: interval };
}

/** The steps Codex prints (without its colours when `color` is false). */
export function deviceCodePrompt(code: DeviceCode, version: string, color: boolean): string {
  const [blue, gray, reset] = color ? ['\x1b[94m', '\x1b[90m', '\x1b[0m'] : ['', '', ''];
  return (
    `\nWelcome to Codex [v${gray}${version}${reset}]\n${gray}OpenAI's command-line coding agent${reset}\n` +
    `\nFollow these steps to sign in with ChatGPT using device code authorization:\n` +
    `\n1. Open this link in your browser and sign in to your account\n   ${blue}${code.verificationUrl}${reset}\n` +
    `\n2. Enter this one-time code ${gray}(expires in 15 minutes)${reset}\n   ${blue}${code.userCode}${reset}\n` +
    `\n${gray}Continue only if you started this login in Codex. If a website or another person gave you this code, cancel.${reset}\n\n`
  );
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** Step 2: poll until approved (403/404 = not yet), exchange, save. */
export async function completeDeviceCodeLogin(
  codexHome: string,
  s: OAuthSettings,
  code: DeviceCode,
  opts: { signal?: AbortSignal; maxWaitMs?: number; forcedWorkspaceIds?: string[] } = {},
): Promise<void> {
  const maxWait = opts.maxWaitMs ?? DEVICE_AUTH_MAX_WAIT_MS;
  const started = Date.now();
  // An interval of 0 would poll in a tight loop; wait at least a second.
  const intervalMs = Math.max(1, code.intervalSec) * 1000;
  let grant: Record<string, unknown>;
  for (;;) {
    const res = await postJson(`${api(s)}/deviceauth/token`, { device_auth_id: code.deviceAuthId, user_code: code.userCode }, opts.signal);
    if (res.ok) {
      grant = jsonObject(await res.text(), 'device auth');
      break;
    }
    if (res.status !== 403 && res.status !== 404) throw new Error(`device auth failed with status ${statusLine(res.status)}`);
    const elapsed = Date.now() - started;
    if (elapsed >= maxWait) throw new Error('device auth timed out after 15 minutes');
    await sleep(Math.min(intervalMs, maxWait - elapsed), opts.signal);
  }
  const { authorization_code: authCode, code_verifier: verifier } = grant;
  if (typeof authCode !== 'string' || typeof verifier !== 'string') throw new Error('device auth response is missing authorization_code or code_verifier');
  let tokens;
  try {
    tokens = await exchangeCodeForTokens(s, `${s.issuer}/deviceauth/callback`, verifier, authCode);
  } catch (err) {
    throw new Error(`device code exchange failed: ${(err as Error).message}`);
  }
  const refusal = workspaceRefusal(opts.forcedWorkspaceIds, tokens.idToken);
  if (refusal) throw new Error(refusal);
  saveChatgptLogin(codexHome, { ...tokens, provenance: s });
}
