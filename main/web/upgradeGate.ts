// The checks on every request to the web UI's host: the Host header (a page
// reached through a rebound DNS name is not ours), the Origin of the bridge's
// websocket (only the page's own), and who is on the other end (a session
// token, or a one-time pairing token, plus the capability token when one is set).
import type { IncomingMessage } from 'node:http';
import { capabilityTokenMatches, type UpgradeAuth } from '../core/execServer/upgradeAuth.js';
import { isLoopbackHost } from '../core/execServer/websocketTransport.js';
import type { PairingGate } from './pairing.js';
import { BRIDGE_PROTOCOL, bridgeCredentialsOf } from '../../shared/ipc/bridgeCredentials.js';

export interface WebGate {
  pairing: PairingGate;
  /** Codex's capability token; required (by the caller) when listening off loopback. */
  auth?: UpgradeAuth;
  /**
   * Bound to a loopback address: only loopback names are valid Host headers (any
   * port: an SSH tunnel may forward another one to ours).
   */
  loopback: boolean;
}

export interface Refusal {
  status: 400 | 401 | 403 | 421;
  message: string;
}

/** Host names and IPs (IPv6 in brackets) with an optional port; nothing that could break a header. */
const HOST_HEADER = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/;

/** Null when the Host header names this server; else why not. */
export function checkHost(req: IncomingMessage, gate: WebGate): Refusal | null {
  const host = req.headers.host;
  if (typeof host !== 'string') return { status: 400, message: 'missing Host header' };
  const m = HOST_HEADER.exec(host);
  if (!m) return { status: 400, message: 'malformed Host header' };
  if (gate.loopback && !isLoopbackHost(host.slice(0, host.length - (m[1] ? m[1].length + 1 : 0)))) {
    return { status: 421, message: 'this server answers only to loopback names (localhost, 127.0.0.1, [::1])' };
  }
  return null;
}

/** The page's own origin, as the browser names it (the Host it asked for). */
export function ownOrigin(req: IncomingMessage): string {
  return `http://${req.headers.host ?? ''}`;
}

export type BridgeAdmission = { session: string; paired: boolean } | { refused: Refusal };

/**
 * Who may open the bridge's websocket: the page's own origin only, with a
 * session token, or trading a pairing token (plus the capability token when
 * one is configured) for one; credentials come in the Sec-WebSocket-Protocol
 * header (shared/ipc/bridgeCredentials.ts), never in the URL.
 */
export function admitBridge(req: IncomingMessage, gate: WebGate): BridgeAdmission {
  const host = checkHost(req, gate);
  if (host) return { refused: host };
  const origin = req.headers.origin;
  if (origin !== ownOrigin(req)) {
    return {
      refused: { status: 403, message: origin === undefined ? 'missing Origin: only the web UI page may connect' : `origin ${origin} is not this page's` },
    };
  }
  const credentials = bridgeCredentialsOf(req.headers['sec-websocket-protocol']);
  if (!credentials)
    return { refused: { status: 400, message: `not a bridge connection: Sec-WebSocket-Protocol must offer ${BRIDGE_PROTOCOL} and well-formed credentials` } };
  const { session, pair } = credentials;
  if (session !== undefined) {
    return gate.pairing.hasSession(session)
      ? { session, paired: false }
      : { refused: { status: 401, message: 'unknown session token: open a new pairing link' } };
  }
  if (pair === undefined) return { refused: { status: 401, message: 'missing session token: open the pairing link printed by codex web' } };
  // Checked before the pairing token is spent, so a try without it burns nothing.
  if (gate.auth) {
    const token = credentials.token;
    if (token === undefined) return { refused: { status: 401, message: 'this server needs its capability token with the pairing link (&token=...)' } };
    if (!capabilityTokenMatches(gate.auth, token)) return { refused: { status: 401, message: 'invalid capability token' } };
  }
  const traded = gate.pairing.pair(pair);
  if ('refused' in traded) {
    const why = { used: 'was already used', expired: 'has expired', unknown: 'is not one this server issued' }[traded.refused];
    return { refused: { status: 401, message: `pairing link ${why}: restart codex web for a new one` } };
  }
  return { session: traded.session, paired: true };
}
