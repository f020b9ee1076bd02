import { describe, expect, it } from 'vitest';
import { callbackIdFor, OAuthProviderError, parseCallbackUrl, startCallbackListener } from './oauthCallback.js';

describe('OAuth callback', () => {
  it("derives Codex 0.169's callback path from the server URL (captured from its redirect_uri)", () => {
    expect(callbackIdFor('http://127.0.0.1:40421/mcp')).toBe('NZPUzyzaF_o3');
    expect(callbackIdFor('http://127.0.0.1:40421/mcp#frag')).toBe('NZPUzyzaF_o3');
  });

  it('parses code and state, provider errors, and ignores other URLs', () => {
    const p = '/callback/abc';
    expect(parseCallbackUrl('http://127.0.0.1:5/callback/abc?code=c%201&state=s', p)).toEqual({ code: 'c 1', state: 's' });
    expect(parseCallbackUrl('/callback/abc?code=c&state=s', p)).toEqual({ code: 'c', state: 's' });
    const err = parseCallbackUrl('/callback/abc?error=access_denied&error_description=no%20thanks', p);
    expect(err).toBeInstanceOf(OAuthProviderError);
    expect((err as Error).message).toBe('OAuth provider returned `access_denied`: no thanks');
    expect(parseCallbackUrl('/callback?code=c&state=s', p)).toBeNull();
    expect(parseCallbackUrl('/callback/abc?code=c', p)).toBeNull();
    expect(parseCallbackUrl('not a url at all', p)).toBeNull();
  });

  it('listens on 127.0.0.1 and resolves with the first valid callback', async () => {
    const l = await startCallbackListener('http://127.0.0.1:40421/mcp');
    try {
      expect(l.redirectUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\/NZPUzyzaF_o3$/);
      const wrong = await fetch(new URL('/callback?code=x&state=y', l.redirectUrl));
      expect([wrong.status, await wrong.text()]).toEqual([400, 'Invalid OAuth callback']);
      const ok = await fetch(`${l.redirectUrl}?code=the-code&state=the-state`);
      expect([ok.status, await ok.text()]).toEqual([200, 'Authentication complete. You may close this window.']);
      await expect(l.received).resolves.toEqual({ code: 'the-code', state: 'the-state' });
    } finally {
      await l.close();
    }
  });

  it("rejects with the provider's error", async () => {
    const l = await startCallbackListener('http://127.0.0.1:40421/mcp');
    try {
      const res = await fetch(`${l.redirectUrl}?error=invalid_scope`);
      expect(res.status).toBe(400);
      await expect(l.received).rejects.toThrow('OAuth provider returned `invalid_scope`');
    } finally {
      await l.close();
    }
  });
});
