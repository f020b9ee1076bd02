import { describe, expect, it } from 'vitest';
import { BRIDGE_PROTOCOL, bridgeCredentialsOf, bridgeProtocols } from './bridgeCredentials.js';

describe('bridge credentials in Sec-WebSocket-Protocol', () => {
  it('round-trips every kind, whatever characters a capability token holds', () => {
    const credentials = { pair: 'Ab_-09xyz', token: 'sécret, with spaces/and+slashes=' };
    const offered = bridgeProtocols(credentials);
    expect(offered[0]).toBe(BRIDGE_PROTOCOL);
    // Each entry is an HTTP token (RFC 7230 tchar), as the header requires.
    for (const entry of offered) expect(entry).toMatch(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/);
    expect(bridgeCredentialsOf(offered.join(', '))).toEqual(credentials);
    expect(bridgeCredentialsOf(bridgeProtocols({ session: 's1' }).join(','))).toEqual({ session: 's1' });
  });

  it('refuses a header without the bridge protocol, or with a malformed entry', () => {
    expect(bridgeCredentialsOf(undefined)).toBeNull();
    expect(bridgeCredentialsOf('chat')).toBeNull();
    expect(bridgeCredentialsOf('codex-web, codex-web.cookie.YQ')).toBeNull();
    expect(bridgeCredentialsOf('codex-web, codex-web.session.not*base64')).toBeNull();
    expect(bridgeCredentialsOf('codex-web, codex-web.session.YQ.extra')).toBeNull();
    // Bytes that are not UTF-8 text.
    expect(bridgeCredentialsOf('codex-web, codex-web.session._w')).toBeNull();
    expect(bridgeCredentialsOf('codex-web')).toEqual({});
  });
});
