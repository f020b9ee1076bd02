// PKCE (RFC 7636, S256) and the OAuth state value, as Codex makes them:
// 64 random bytes → base64url verifier; challenge = base64url(sha256(verifier)).
import crypto from 'node:crypto';

export interface PkceCodes {
  codeVerifier: string;
  codeChallenge: string;
}

export function pkceChallenge(verifier: string): string {
  return crypto.createHash('sha256').update(verifier).digest('base64url');
}

export function generatePkce(): PkceCodes {
  const codeVerifier = crypto.randomBytes(64).toString('base64url');
  return { codeVerifier, codeChallenge: pkceChallenge(codeVerifier) };
}

export function generateState(): string {
  return crypto.randomBytes(32).toString('base64url');
}
