import { describe, expect, it } from 'vitest';
import { ExternalLinkOpener, hostNamedBy, linkPrompt, linkTarget, type LinkPrompt } from './externalLink.js';

function ok(url: string) {
  const t = linkTarget(url);
  if (!t.ok) throw new Error(`${url}: ${t.reason}`);
  return t;
}

describe('linkTarget', () => {
  it('names the real host of web links, ASCII only', () => {
    expect(ok('https://platform.openai.com/docs?q=1#x')).toEqual({
      ok: true,
      url: 'https://platform.openai.com/docs?q=1#x',
      scheme: 'https',
      hosts: ['platform.openai.com'],
      recipients: [],
      idn: false,
      userInfo: '',
    });
    expect(ok('http://localhost:3000/')).toMatchObject({ scheme: 'http', hosts: ['localhost:3000'] });
    expect(ok('HTTPS://Example.COM/A')).toMatchObject({ url: 'https://example.com/A', hosts: ['example.com'] });
  });

  it('shows an IDN host in punycode (a Cyrillic "а" is not apple.com)', () => {
    const t = ok('https://\u0430pple.com/login');
    expect(t.hosts).toEqual(['xn--pple-43d.com']);
    expect(t.idn).toBe(true);
    expect(t.url).toBe('https://xn--pple-43d.com/login');
    // Path and query are percent-encoded, so the URL shown is ASCII (no bidi or lookalike characters).
    expect(ok('https://example.com/\u202Egpj.exe')).toMatchObject({ url: 'https://example.com/%E2%80%AEgpj.exe' });
  });

  it('sees through user info: https://bank.com@evil.net goes to evil.net', () => {
    expect(ok('https://bank.com@evil.net/')).toMatchObject({ hosts: ['evil.net'], userInfo: 'bank.com' });
    expect(ok('https://bank.com:secret@evil.net/')).toMatchObject({ hosts: ['evil.net'], userInfo: 'bank.com:…' });
  });

  it('names every mail recipient, including to/cc/bcc in the query', () => {
    expect(ok('mailto:someone@example.com?subject=hi')).toMatchObject({ scheme: 'mailto', recipients: ['someone@example.com'], hosts: ['example.com'] });
    expect(ok('mailto:a@x.org,b@y.org?cc=c@x.org&bcc=d@evil.net')).toMatchObject({
      recipients: ['a@x.org', 'b@y.org', 'c@x.org', 'd@evil.net'],
      hosts: ['x.org', 'y.org', 'evil.net'],
    });
    expect(ok('mailto:?to=z@evil.net')).toMatchObject({ hosts: ['evil.net'] });
    expect(ok('mailto:info@b\u00fccher.de')).toMatchObject({ recipients: ['info@xn--bcher-kva.de'], idn: true });
  });

  it('refuses everything else, naming why', () => {
    for (const [url, reason] of [
      ['file:///etc/passwd', 'not file:'],
      ['javascript:alert(1)', 'not javascript:'],
      ['app://codex/index.html', 'not app:'],
      ['smb://share/x', 'not smb:'],
      ['vscode://file/etc/passwd', 'not vscode:'],
      ['not a url', 'not a URL'],
      ['', 'not a URL'],
      ['mailto:', 'without a recipient'],
      ['mailto:nobody', 'not a mail address: nobody'],
      ['mailto:a@%ZZ', 'does not decode'],
    ] as const) {
      const t = linkTarget(url);
      expect(t.ok, url).toBe(false);
      if (!t.ok) expect(t.reason, url).toContain(reason);
    }
  });
});

describe('hostNamedBy', () => {
  it('reads a host out of text that looks like an address, not out of prose', () => {
    expect(hostNamedBy('apple.com')).toBe('apple.com');
    expect(hostNamedBy('https://www.apple.com/account')).toBe('www.apple.com');
    expect(hostNamedBy('support@apple.com')).toBe('apple.com');
    expect(hostNamedBy('\u0430pple.com')).toBe('xn--pple-43d.com');
    expect(hostNamedBy('the docs')).toBeNull();
    expect(hostNamedBy('README')).toBeNull();
  });
});

describe('linkPrompt', () => {
  it('names the host in the message and the full URL in the detail', () => {
    const p = linkPrompt(ok('https://platform.openai.com/docs/guides'), 'the guide');
    expect(p.message).toBe('Open platform.openai.com in your browser?');
    expect(p.detail).toBe("A link in the agent's message opens:\nhttps://platform.openai.com/docs/guides");
    expect(p.buttons).toEqual(['Cancel', 'Open']);
  });

  it('says when the text names another site, when user info hides the host, and when the host is an IDN', () => {
    const lookalike = linkPrompt(ok('https://\u0430pple.com/login'), 'https://apple.com/login');
    expect(lookalike.message).toBe('Open xn--pple-43d.com in your browser?');
    expect(lookalike.detail).toContain('Its text shows apple.com, but it goes to xn--pple-43d.com.');
    expect(lookalike.detail).toContain('international domain name');
    expect(linkPrompt(ok('https://bank.com@evil.net/'), 'bank.com').detail).toContain(
      '"bank.com@" before the host is only a user name: the link goes to evil.net.',
    );
    // A subdomain of the site the text names is the same site; so is the text naming the URL itself.
    expect(linkPrompt(ok('https://docs.github.com/x'), 'github.com').detail).not.toContain('Its text shows');
    expect(linkPrompt(ok('https://github.com.evil.net/x'), 'github.com').detail).toContain('Its text shows github.com, but it goes to github.com.evil.net.');
    expect(linkPrompt(ok('http://localhost:8080/'), 'http://localhost:8080/').detail).toBe(
      "A link in the agent's message opens:\nhttp://localhost:8080/\n\nThe connection is not encrypted (http).",
    );
  });

  it('names the recipients of a mail link', () => {
    const p = linkPrompt(ok('mailto:a@x.org?bcc=spy@evil.net'), 'a@x.org');
    expect(p.message).toBe('Write an email to a@x.org, spy@evil.net?');
    expect(p.buttons).toEqual(['Cancel', 'Write email']);
  });

  it('keeps a huge URL from flooding the dialog but says how much is hidden', () => {
    const url = `https://example.com/${'a'.repeat(3000)}`;
    const p = linkPrompt(ok(url), '');
    expect(p.message).toBe('Open example.com in your browser?');
    expect(p.detail).toContain(`… (${url.length - 1000} more characters)`);
  });
});

describe('ExternalLinkOpener', () => {
  function opener(answer: (p: LinkPrompt) => Promise<boolean>) {
    const prompts: LinkPrompt[] = [];
    const opened: string[] = [];
    const log: string[] = [];
    const o = new ExternalLinkOpener({
      confirm: (p) => {
        prompts.push(p);
        return answer(p);
      },
      open: async (url) => void opened.push(url),
      log: (l) => log.push(l),
    });
    return { o, prompts, opened, log };
  }

  it('opens only after a yes, and opens the normalized URL that was shown', async () => {
    const yes = opener(async () => true);
    expect(await yes.o.request('https://\u0430pple.com/login', 'apple')).toBe(true);
    expect(yes.opened).toEqual(['https://xn--pple-43d.com/login']);
    const no = opener(async () => false);
    expect(await no.o.request('https://example.com/', 'example')).toBe(false);
    expect(no.prompts).toHaveLength(1);
    expect(no.opened).toEqual([]);
    expect(no.log).toEqual(['link: declined example.com']);
  });

  it('never asks about, or opens, a link that may not open', async () => {
    const t = opener(async () => true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'app://codex/']) expect(await t.o.request(url, '')).toBe(false);
    expect(t.prompts).toEqual([]);
    expect(t.opened).toEqual([]);
  });

  it('shows one prompt at a time: a second request while one is open opens nothing', async () => {
    let release!: (v: boolean) => void;
    const t = opener(() => new Promise<boolean>((r) => (release = r)));
    const first = t.o.request('https://a.example/', '');
    expect(await t.o.request('https://b.example/', '')).toBe(false);
    release(true);
    expect(await first).toBe(true);
    expect(t.prompts.map((p) => p.message)).toEqual(['Open a.example in your browser?']);
    expect(t.opened).toEqual(['https://a.example/']);
    // Once answered, the next link gets its own prompt.
    const next = t.o.request('https://c.example/', '');
    release(false);
    expect(await next).toBe(false);
  });

  it('an answer that is not exactly true is a no', async () => {
    const t = opener(async () => 1 as unknown as boolean);
    expect(await t.o.request('https://example.com/', '')).toBe(false);
    expect(t.opened).toEqual([]);
  });

  it('a sign-in page the core made opens without a prompt, but only an http(s) page', async () => {
    const t = opener(async () => false);
    expect(await t.o.openSignInPage('https://auth.openai.com/oauth/authorize?client_id=x')).toBe(true);
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'mailto:a@example.com']) expect(await t.o.openSignInPage(url)).toBe(false);
    expect(t.prompts).toEqual([]);
    expect(t.opened).toEqual(['https://auth.openai.com/oauth/authorize?client_id=x']);
  });
});
