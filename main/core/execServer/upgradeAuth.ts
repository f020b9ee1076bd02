// Who may open a websocket to the exec-server: no web page (any Origin header
// is refused, as Codex does: browsers always send one, other clients never
// need to), and, when a capability token is configured, only a client that
// presents it as `Authorization: Bearer TOKEN` (or our `?token=`).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The token itself, or only its SHA-256 digest (Codex's --ws-token-sha256). */
export type UpgradeAuth = { token: string } | { tokenSha256: string };

export interface UpgradeRefusal {
  status: 401 | 403;
  message: string;
}

const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Parses --ws-token-sha256: 64 hex digits. */
export function parseTokenSha256(hex: string): string {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('--ws-token-sha256 must be a 64-character hex SHA-256 digest');
  return hex.toLowerCase();
}

/** The bearer token an upgrade request carries, or why it carries none usable. */
export function requestToken(req: IncomingMessage): { token: string } | { error: string } {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^bearer\s+(\S+)\s*$/i.exec(auth);
    return m ? { token: m[1]! } : { error: 'invalid authorization header' };
  }
  const q = new URL(req.url ?? '/', 'http://x').searchParams.get('token');
  return q !== null ? { token: q } : { error: 'missing websocket bearer token' };
}

/** Null when the upgrade may proceed; otherwise the HTTP status and text to refuse it with. */
export function checkUpgrade(req: IncomingMessage, auth: UpgradeAuth | undefined, name = 'exec-server'): UpgradeRefusal | null {
  if (req.headers.origin !== undefined) return { status: 403, message: `${name}: requests from web pages (with an Origin header) are refused` };
  if (!auth) return null;
  const given = requestToken(req);
  if ('error' in given) return { status: 401, message: given.error };
  if (!capabilityTokenMatches(auth, given.token)) return { status: 401, message: 'invalid websocket bearer token' };
  return null;
}

/** Whether `given` is the configured capability token (compared as digests). */
export function capabilityTokenMatches(auth: UpgradeAuth, given: string): boolean {
  const expected = 'token' in auth ? sha256(auth.token) : Buffer.from(auth.tokenSha256, 'hex');
  // Digests have equal length, so the comparison leaks nothing about the token's length.
  return timingSafeEqual(expected, sha256(given));
}
