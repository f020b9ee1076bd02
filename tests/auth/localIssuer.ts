// A real OAuth issuer on 127.0.0.1 for sign-in tests, speaking the endpoints
// Codex's ChatGPT login uses: /oauth/authorize (redirects to the loopback
// callback with a code bound to the PKCE challenge), /oauth/token
// (authorization_code with S256 verification, refresh_token with rotation,
// the id-token → API-key exchange), the device-code endpoints under
// /api/accounts/deviceauth/ and /oauth/revoke. Tokens are unsigned JWTs
// carrying the claims Codex reads. Every request is recorded.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface IssuerRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  contentType: string;
  /** Form or JSON body as an object; raw text otherwise. */
  body: Record<string, string> | string;
}

export interface LocalIssuer {
  url: string;
  clientId: string;
  accountId: string;
  email: string;
  requests: IssuerRequest[];
  /** Access tokens issued so far, oldest first. */
  accessTokens: string[];
  /** Refresh tokens that are still valid. */
  liveRefreshTokens: Set<string>;
  /** Lifetime of the next access tokens (seconds; negative = already expired). */
  accessTokenTtlSec: number;
  /** Marks a device code as approved, as the user would in the browser. */
  approveDevice(userCode: string): void;
  close(): Promise<void>;
}

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwt = (payload: Record<string, unknown>): string => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.${Buffer.from('sig').toString('base64url')}`;
const challengeOf = (verifier: string): string => crypto.createHash('sha256').update(verifier).digest('base64url');
const rand = (n = 24): string => crypto.randomBytes(n).toString('base64url');

interface CodeGrant {
  challenge: string;
  redirectUri: string;
  clientId: string;
}

export async function startLocalIssuer(opts: { clientId?: string; accessTokenTtlSec?: number; deviceInterval?: string } = {}): Promise<LocalIssuer> {
  const clientId = opts.clientId ?? 'app_EMoamEEZ73f0CkXaXp7hrann';
  const accountId = `acct_${rand(6)}`;
  const email = 'user@example.com';
  const codes = new Map<string, CodeGrant>();
  const devices = new Map<string, { userCode: string; approved: boolean; verifier: string; code?: string }>();
  const issuer: LocalIssuer = {
    url: '',
    clientId,
    accountId,
    email,
    requests: [],
    accessTokens: [],
    liveRefreshTokens: new Set(),
    accessTokenTtlSec: opts.accessTokenTtlSec ?? 3600,
    approveDevice(userCode) {
      for (const d of devices.values()) if (d.userCode === userCode) d.approved = true;
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };

  const issueTokens = (): Record<string, string> => {
    const now = Math.floor(Date.now() / 1000);
    const auth = { chatgpt_account_id: accountId, chatgpt_plan_type: 'plus', chatgpt_user_id: 'user-1' };
    const idToken = jwt({ iss: issuer.url, aud: clientId, email, exp: now + 3600, 'https://api.openai.com/auth': auth });
    const accessToken = jwt({ iss: issuer.url, exp: now + issuer.accessTokenTtlSec, jti: rand(8), 'https://api.openai.com/auth': auth });
    const refreshToken = `rt_${rand()}`;
    issuer.accessTokens.push(accessToken);
    issuer.liveRefreshTokens.add(refreshToken);
    return { id_token: idToken, access_token: accessToken, refresh_token: refreshToken };
  };

  const json = (res: http.ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const tokenEndpoint = (res: http.ServerResponse, b: Record<string, string>): void => {
    if (b.client_id !== clientId) return json(res, 401, { error: 'invalid_client' });
    switch (b.grant_type) {
      case 'authorization_code': {
        const grant = codes.get(b.code ?? '');
        codes.delete(b.code ?? ''); // single use, even when refused
        if (!grant) return json(res, 400, { error: 'invalid_grant', error_description: 'unknown or used authorization code' });
        if (grant.redirectUri !== b.redirect_uri) return json(res, 400, { error: 'invalid_grant', error_description: 'redirect_uri mismatch' });
        if (!b.code_verifier || challengeOf(b.code_verifier) !== grant.challenge) {
          return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
        }
        return json(res, 200, issueTokens());
      }
      case 'refresh_token': {
        if (!issuer.liveRefreshTokens.has(b.refresh_token ?? ''))
          return json(res, 401, { error: { code: 'refresh_token_reused', message: 'refresh token already used' } });
        issuer.liveRefreshTokens.delete(b.refresh_token!); // rotation
        const t = issueTokens();
        return json(res, 200, t);
      }
      case 'urn:ietf:params:oauth:grant-type:token-exchange':
        if (b.requested_token !== 'openai-api-key' || !b.subject_token) return json(res, 400, { error: 'invalid_request' });
        return json(res, 200, { access_token: `sk-exchanged-${rand(8)}` });
      default:
        return json(res, 400, { error: 'unsupported_grant_type' });
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      const contentType = String(req.headers['content-type'] ?? '');
      let body: Record<string, string> | string = text;
      if (contentType.includes('application/json')) body = JSON.parse(text || '{}') as Record<string, string>;
      else if (contentType.includes('application/x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(text));
      issuer.requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        contentType,
        body,
      });
      const b = typeof body === 'string' ? {} : body;

      if (req.method === 'GET' && url.pathname === '/oauth/authorize') {
        const q = url.searchParams;
        const redirect = q.get('redirect_uri') ?? '';
        let target: URL;
        try {
          target = new URL(redirect);
        } catch {
          return json(res, 400, { error: 'invalid_request', error_description: 'bad redirect_uri' });
        }
        const loopback = target.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(target.hostname) && target.pathname === '/auth/callback';
        if (q.get('client_id') !== clientId || q.get('response_type') !== 'code' || !loopback) return json(res, 400, { error: 'invalid_request' });
        if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge'))
          return json(res, 400, { error: 'invalid_request', error_description: 'PKCE S256 required' });
        const code = `ac_${rand()}`;
        codes.set(code, { challenge: q.get('code_challenge')!, redirectUri: redirect, clientId });
        target.searchParams.set('code', code);
        target.searchParams.set('state', q.get('state') ?? '');
        res.writeHead(302, { location: target.toString(), 'content-length': 0 });
        return res.end();
      }
      if (req.method === 'POST' && url.pathname === '/oauth/token') return tokenEndpoint(res, b);
      if (req.method === 'POST' && url.pathname === '/oauth/revoke') {
        issuer.liveRefreshTokens.delete(b.token ?? '');
        return json(res, 200, {});
      }
      if (req.method === 'POST' && url.pathname === '/api/accounts/deviceauth/usercode') {
        if (b.client_id !== clientId) return json(res, 401, { error: 'invalid_client' });
        const id = `da_${rand(8)}`;
        const userCode = `${rand(3).toUpperCase().slice(0, 4)}-${rand(3).toUpperCase().slice(0, 4)}`;
        devices.set(id, { userCode, approved: false, verifier: rand(48) });
        return json(res, 200, { device_auth_id: id, user_code: userCode, interval: opts.deviceInterval ?? '1' });
      }
      if (req.method === 'POST' && url.pathname === '/api/accounts/deviceauth/token') {
        const d = devices.get(b.device_auth_id ?? '');
        if (!d || d.userCode !== b.user_code) return json(res, 400, { error: 'invalid_request' });
        if (!d.approved) return json(res, 403, { error: 'authorization_pending' });
        if (d.code === undefined) {
          d.code = `ac_${rand()}`;
          codes.set(d.code, { challenge: challengeOf(d.verifier), redirectUri: `${issuer.url}/deviceauth/callback`, clientId });
        }
        return json(res, 200, { authorization_code: d.code, code_challenge: challengeOf(d.verifier), code_verifier: d.verifier });
      }
      return json(res, 404, { error: 'not_found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  issuer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return issuer;
}
