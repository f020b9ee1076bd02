import { describe, expect, it } from 'vitest';
import { guardIpcMessage, originOf } from './guard.js';
import { requestChannel, RESPOND_CHANNEL } from '../../shared/ipc/contract.js';

const trust = { webContentsId: 7, appOrigin: 'app://codex' };
const ok = { channel: requestChannel('thread/list'), webContentsId: 7, isMainFrame: true, frameUrl: 'app://codex/index.html' };

describe('guardIpcMessage', () => {
  it('accepts every contract channel from our main frame on the app origin', () => {
    expect(guardIpcMessage(ok, trust)).toEqual({ ok: true });
    expect(guardIpcMessage({ ...ok, channel: RESPOND_CHANNEL }, trust)).toEqual({ ok: true });
    expect(guardIpcMessage({ ...ok, frameUrl: 'APP://CODEX/#/thread/1' }, trust)).toEqual({ ok: true });
  });
  it('rejects unknown channels', () => {
    for (const channel of ['codex:request:thread/teleport', 'codex:notification', 'other', '', 42, undefined]) {
      const v = guardIpcMessage({ ...ok, channel }, trust);
      expect(v).toMatchObject({ ok: false, code: -32601 });
    }
  });
  it('rejects other windows and sub-frames', () => {
    expect(guardIpcMessage({ ...ok, webContentsId: 8 }, trust)).toMatchObject({ ok: false, reason: expect.stringContaining('foreign') });
    expect(guardIpcMessage({ ...ok, isMainFrame: false }, trust)).toMatchObject({ ok: false, reason: expect.stringContaining('main frame') });
  });
  it('rejects documents from other origins', () => {
    for (const frameUrl of ['https://evil.example/', 'app://codex.evil/', 'file:///etc/passwd', 'http://127.0.0.1:5173/', 'about:blank', 'not a url', null]) {
      expect(guardIpcMessage({ ...ok, frameUrl }, trust)).toMatchObject({ ok: false, code: -32600 });
    }
  });
  it('originOf', () => {
    expect(originOf('app://codex/a/b?c')).toBe('app://codex');
    expect(originOf('http://127.0.0.1:80/')).toBe('http://127.0.0.1');
    expect(originOf('data:text/html,hi')).toBeNull();
  });
});
