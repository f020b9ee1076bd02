// Who is opening the browser bridge's websocket, said in its
// Sec-WebSocket-Protocol header rather than in its URL: a URL's query lands in
// proxy and tunnel logs, a header does not. The page offers the bridge's
// protocol name plus one entry per credential (`codex-web.session.<value>`);
// the host answers with the protocol name alone. Values are base64url of their
// UTF-8 text, since a protocol entry may hold only token characters and a
// capability token is whatever its file holds.

/** The protocol the host answers with; a connection that does not offer it is not the bridge's. */
export const BRIDGE_PROTOCOL = 'codex-web';

export interface BridgeCredentials {
  /** The session token a paired page keeps. */
  session?: string;
  /** A one-time pairing token, traded for a session. */
  pair?: string;
  /** Codex's capability token, when the host was started with one. */
  token?: string;
}

const KINDS = ['session', 'pair', 'token'] as const;

function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** null when `encoded` is not base64url of UTF-8 text. */
function fromBase64Url(encoded: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) return null;
  try {
    const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

/** The protocol list a page offers when it connects. */
export function bridgeProtocols(credentials: BridgeCredentials): string[] {
  const out = [BRIDGE_PROTOCOL];
  for (const kind of KINDS) {
    const value = credentials[kind];
    if (value !== undefined) out.push(`${BRIDGE_PROTOCOL}.${kind}.${toBase64Url(value)}`);
  }
  return out;
}

/** What a Sec-WebSocket-Protocol header offers; null when it does not offer the bridge's protocol or an entry is malformed. */
export function bridgeCredentialsOf(header: string | undefined): BridgeCredentials | null {
  const offered = (header ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (!offered.includes(BRIDGE_PROTOCOL)) return null;
  const credentials: BridgeCredentials = {};
  for (const entry of offered) {
    if (entry === BRIDGE_PROTOCOL) continue;
    const [prefix, kindName, encoded, ...rest] = entry.split('.');
    const kind = KINDS.find((k) => k === kindName);
    const value = encoded === undefined ? null : fromBase64Url(encoded);
    if (prefix !== BRIDGE_PROTOCOL || !kind || value === null || rest.length > 0) return null;
    credentials[kind] = value;
  }
  return credentials;
}
