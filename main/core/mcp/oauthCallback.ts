// The loopback listener that receives the OAuth redirect for `codex mcp login`:
// http://127.0.0.1:<port>/callback/<id>, where <id> is derived from the server
// URL as Codex 0.169 derives it, and its parsing of callback URLs (also used
// for a URL the user pastes when the browser runs on another machine).
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OAuthCallback {
  code: string;
  state: string;
}

/** Codex's callback id: base64url of the first 9 bytes of SHA-256 of the server URL without its fragment. */
export function callbackIdFor(serverUrl: string): string {
  const u = new URL(serverUrl);
  u.hash = '';
  return createHash('sha256').update(u.href).digest().subarray(0, 9).toString('base64url');
}

/** The OAuth error a callback carried, in Codex's words. */
export class OAuthProviderError extends Error {
  constructor(error: string | null, description: string | null) {
    super(
      error && description
        ? `OAuth provider returned \`${error}\`: ${description}`
        : error
          ? `OAuth provider returned \`${error}\``
          : description
            ? `OAuth error: ${description}`
            : 'OAuth provider returned an error',
    );
    this.name = 'OAuthProviderError';
  }
}

/** code+state, the provider's error, or null for a URL that is not this login's callback. */
export function parseCallbackUrl(raw: string, expectedPath: string): OAuthCallback | OAuthProviderError | null {
  let u: URL;
  try {
    u = new URL(raw, 'http://127.0.0.1');
  } catch {
    return null;
  }
  if (u.pathname !== expectedPath) return null;
  const q = u.searchParams;
  const code = q.get('code');
  const state = q.get('state');
  if (code !== null && state !== null) return { code, state };
  if (q.has('error') || q.has('error_description')) return new OAuthProviderError(q.get('error'), q.get('error_description'));
  return null;
}

export interface CallbackListener {
  redirectUrl: string;
  /** The path a callback must have (`/callback/<id>`). */
  path: string;
  /** Resolves with the first valid callback; rejects with the provider's error. */
  received: Promise<OAuthCallback>;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 (an ephemeral port) until the first callback for this login arrives. */
export async function startCallbackListener(serverUrl: string): Promise<CallbackListener> {
  const path = `/callback/${callbackIdFor(serverUrl)}`;
  let settle!: { resolve(c: OAuthCallback): void; reject(e: Error): void };
  const received = new Promise<OAuthCallback>((resolve, reject) => (settle = { resolve, reject }));
  received.catch(() => {});
  const server = http.createServer((req, res) => {
    const outcome = parseCallbackUrl(req.url ?? '', path);
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    if (outcome === null) {
      res.writeHead(400).end('Invalid OAuth callback');
    } else if (outcome instanceof OAuthProviderError) {
      res.writeHead(400).end(outcome.message);
      settle.reject(outcome);
    } else {
      res.writeHead(200).end('Authentication complete. You may close this window.');
      settle.resolve(outcome);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    redirectUrl: `http://127.0.0.1:${port}${path}`,
    path,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
