// The open-link channel end to end in main: payload validation in the router,
// then the app's link opener; only the OS dialog and shell.openExternal are stood in for.
import { describe, expect, it } from 'vitest';
import { IpcRouter } from './router.js';
import { OPEN_LINK_CHANNEL, isInvokeChannel } from '../../shared/ipc/contract.js';
import { ExternalLinkOpener, type LinkPrompt } from '../../shared/externalLink.js';

function setup(answer: boolean) {
  const prompts: LinkPrompt[] = [];
  const opened: string[] = [];
  const opener = new ExternalLinkOpener({
    confirm: async (p) => {
      prompts.push(p);
      return answer;
    },
    open: async (url) => void opened.push(url),
  });
  const router = new IpcRouter({ push: () => {}, openLink: (url, text) => opener.request(url, text) });
  return { router, prompts, opened };
}

describe('open-link channel', () => {
  it('is a contract channel the guard lets through', () => {
    expect(isInvokeChannel(OPEN_LINK_CHANNEL)).toBe(true);
  });

  it('asks, naming the host, and opens only on yes', async () => {
    const no = setup(false);
    expect(await no.router.invoke(OPEN_LINK_CHANNEL, { url: 'https://evil.example/phish', text: 'docs.python.org' })).toEqual({
      ok: true,
      result: { opened: false },
    });
    expect(no.prompts).toHaveLength(1);
    expect(no.prompts[0]!.message).toBe('Open evil.example in your browser?');
    expect(no.prompts[0]!.detail).toContain('https://evil.example/phish');
    expect(no.prompts[0]!.detail).toContain('Its text shows docs.python.org, but it goes to evil.example.');
    expect(no.opened).toEqual([]);

    const yes = setup(true);
    expect(await yes.router.invoke(OPEN_LINK_CHANNEL, { url: 'https://docs.python.org/3/', text: 'Python docs' })).toEqual({
      ok: true,
      result: { opened: true },
    });
    expect(yes.opened).toEqual(['https://docs.python.org/3/']);
  });

  it('rejects links that may not open and malformed payloads before anything is shown', async () => {
    const t = setup(true);
    const bad: [unknown, string][] = [
      [{ url: 'file:///etc/passwd', text: 'x' }, 'not file:'],
      [{ url: 'javascript:alert(1)', text: 'x' }, 'not javascript:'],
      [{ url: 'app://codex/index.html', text: '' }, 'not app:'],
      [{ url: 'mailto:nobody', text: '' }, 'not a mail address'],
      [{ url: `https://example.com/${'a'.repeat(9000)}`, text: '' }, 'url'],
      [{ url: 'https://example.com/' }, 'text'],
      [{ url: 'https://example.com/', text: 'x', open: true }, 'open'],
      [{ url: 42, text: 'x' }, 'url'],
      ['https://example.com/', '(payload)'],
      [null, '(payload)'],
    ];
    for (const [payload, mention] of bad) {
      const r = await t.router.invoke(OPEN_LINK_CHANNEL, payload);
      expect(r, JSON.stringify(payload)?.slice(0, 80)).toMatchObject({ ok: false, error: { code: -32602, message: expect.stringContaining(mention) } });
    }
    expect(t.prompts).toEqual([]);
    expect(t.opened).toEqual([]);
  });

  it('a host without a link prompt answers an error instead of opening anything', async () => {
    const router = new IpcRouter({ push: () => {} });
    expect(await router.invoke(OPEN_LINK_CHANNEL, { url: 'https://example.com/', text: '' })).toMatchObject({ ok: false, error: { code: -32601 } });
  });
});
