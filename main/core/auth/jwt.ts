// Reading (never verifying) the claims of the issuer's JWTs: the id token's
// email, plan and ChatGPT account id, and any token's expiry. The tokens came
// straight from the issuer over TLS; Codex reads them the same way.

export interface IdTokenInfo {
  email?: string;
  chatgptPlanType?: string;
  chatgptUserId?: string;
  chatgptAccountId?: string;
}

/** The payload object of a three-part JWT; throws when it is not one. */
export function decodeJwtPayload(jwt: string): Record<string, unknown> {
  const parts = jwt.split('.');
  if (parts.length < 3 || parts.slice(0, 3).some((p) => p === '')) throw new Error('invalid ID token format');
  const json: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('invalid ID token format');
  return json as Record<string, unknown>;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The `https://api.openai.com/auth` claims object, or {} when absent or unreadable. */
export function openaiAuthClaims(jwt: string): Record<string, unknown> {
  try {
    return obj(decodeJwtPayload(jwt)['https://api.openai.com/auth']) ?? {};
  } catch {
    return {};
  }
}

export function parseIdToken(jwt: string): IdTokenInfo {
  const claims = decodeJwtPayload(jwt);
  const auth = obj(claims['https://api.openai.com/auth']) ?? {};
  const info: IdTokenInfo = {};
  const email = str(claims.email) ?? str(obj(claims['https://api.openai.com/profile'])?.email);
  if (email) info.email = email;
  const plan = str(auth.chatgpt_plan_type);
  if (plan) info.chatgptPlanType = plan;
  const user = str(auth.chatgpt_user_id) ?? str(auth.user_id);
  if (user) info.chatgptUserId = user;
  const account = str(auth.chatgpt_account_id);
  if (account) info.chatgptAccountId = account;
  return info;
}

/** The `exp` claim in milliseconds since the epoch, or undefined when absent or unreadable. */
export function jwtExpiryMs(jwt: string): number | undefined {
  try {
    const exp = decodeJwtPayload(jwt).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
