// Who may drive the app from a browser: a one-time pairing token (printed in the
// link at start, short-lived) is traded once for a session token the page keeps.
// Tokens are random 192-bit values compared through their digests.
import { createHash, randomBytes } from 'node:crypto';

/** How long a printed pairing link stays usable. */
export const DEFAULT_PAIRING_TTL_MS = 10 * 60 * 1000;

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');
const newToken = (): string => randomBytes(24).toString('base64url');

export type PairingRefusal = 'unknown' | 'used' | 'expired';

export class PairingGate {
  /** Pairing-token digest -> when it expires (ms since epoch), until used. */
  private readonly pending = new Map<string, number>();
  /** Digests of pairing tokens already traded: a second use is named as such. */
  private readonly used = new Set<string>();
  private readonly sessions = new Set<string>();

  constructor(
    private readonly ttlMs = DEFAULT_PAIRING_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A fresh one-time pairing token. */
  issuePairing(): string {
    const token = newToken();
    this.pending.set(digest(token), this.now() + this.ttlMs);
    return token;
  }

  /** Trades a pairing token for a new session token, once; otherwise says why not. */
  pair(pairing: string): { session: string } | { refused: PairingRefusal } {
    const d = digest(pairing);
    const expires = this.pending.get(d);
    if (expires === undefined) return { refused: this.used.has(d) ? 'used' : 'unknown' };
    this.pending.delete(d);
    this.used.add(d);
    if (this.now() > expires) return { refused: 'expired' };
    return { session: this.issueSession() };
  }

  /** A session token without pairing (an embedding host that is its own page's only user). */
  issueSession(): string {
    const token = newToken();
    this.sessions.add(digest(token));
    return token;
  }

  hasSession(session: string): boolean {
    return this.sessions.has(digest(session));
  }
}
