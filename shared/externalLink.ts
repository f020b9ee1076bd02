// Links the model wrote (Markdown in agent messages) open outside the app only
// after the user saw where they go. Pure decisions shared by the Electron shell
// and the test host: which links may open at all (http, https, mailto), the host
// they really reach (ASCII/punycode, so an IDN lookalike shows as xn--…), what
// the confirmation says, and the one-prompt-at-a-time opener. No Node or DOM
// imports: the renderer reuses linkTarget() to show a link's host.

export type LinkScheme = 'http' | 'https' | 'mailto';

export type LinkTarget =
  | {
      ok: true;
      /** The normalized URL (ASCII only): exactly what is shown and opened. */
      url: string;
      scheme: LinkScheme;
      /** Where it goes: host[:port] for the web, the recipients' domains for mail (ASCII, lower case). */
      hosts: string[];
      /** mailto only: the recipients, domain in ASCII. */
      recipients: string[];
      /** Some host is an internationalized name (shown as punycode). */
      idn: boolean;
      /** http(s) only: the user name before '@' that makes `https://bank.com@evil.net` look like bank.com. */
      userInfo: string;
    }
  | { ok: false; reason: string };

/** Where a link goes, or why it may not be opened. */
export function linkTarget(raw: string): LinkTarget {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (u.protocol === 'http:' || u.protocol === 'https:') {
    if (!u.hostname) return { ok: false, reason: 'a web link without a host' };
    const userInfo = u.username || u.password ? `${tryDecode(u.username) ?? u.username}${u.password ? ':…' : ''}` : '';
    return { ok: true, url: u.href, scheme: u.protocol === 'http:' ? 'http' : 'https', hosts: [u.host], recipients: [], idn: isIdn(u.hostname), userInfo };
  }
  if (u.protocol === 'mailto:') return mailTarget(u);
  return { ok: false, reason: `only http, https and mailto links open outside the app, not ${u.protocol}` };
}

/** mailto:a@x,b@y?cc=c@z: every recipient (path, to, cc, bcc) with its domain in ASCII. */
function mailTarget(u: URL): LinkTarget {
  const fields = [u.pathname, ...['to', 'cc', 'bcc'].flatMap((k) => u.searchParams.getAll(k))];
  const recipients: string[] = [];
  for (const field of fields) {
    const decoded = tryDecode(field);
    if (decoded === null) return { ok: false, reason: 'a mail address that does not decode' };
    for (const part of decoded.split(',')) {
      const address = part.trim();
      if (!address) continue;
      const at = address.lastIndexOf('@');
      const domain = at > 0 ? asciiDomain(address.slice(at + 1)) : null;
      if (!domain) return { ok: false, reason: `not a mail address: ${address}` };
      recipients.push(`${address.slice(0, at)}@${domain}`);
    }
  }
  if (recipients.length === 0) return { ok: false, reason: 'a mail link without a recipient' };
  const hosts = [...new Set(recipients.map((r) => r.slice(r.lastIndexOf('@') + 1)))];
  return { ok: true, url: u.href, scheme: 'mailto', hosts, recipients, idn: hosts.some(isIdn), userInfo: '' };
}

/** A bare domain's ASCII form (punycode, lower case), or null if it is not a plain domain. */
function asciiDomain(domain: string): string | null {
  if (!domain || /[\s/\\?#@:[\]]/.test(domain)) return null;
  try {
    const host = new URL(`http://${domain}/`).hostname;
    return host || null;
  } catch {
    return null;
  }
}

function isIdn(host: string): boolean {
  return host.split('.').some((label) => label.startsWith('xn--'));
}

function tryDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/**
 * The host the link's visible text names, when the text looks like an address
 * ("apple.com", "https://apple.com/x", "support@apple.com"); null for prose.
 */
export function hostNamedBy(text: string): string | null {
  const t = text.trim();
  if (!t || /\s/.test(t)) return null;
  const mail = /^(?:mailto:)?[^@\s/]+@([^@\s/?#]+)$/i.exec(t);
  if (mail) return asciiDomain(mail[1]!);
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(t) ? t : /^[^/\s]+\.[^/\s.]{2,}(?:[/?#].*)?$/u.test(t) ? `https://${t}` : null;
  if (!withScheme) return null;
  try {
    return new URL(withScheme).hostname || null;
  } catch {
    return null;
  }
}

/** The text names a different site than the link goes to (a subdomain of the named one is the same site). */
function textMisleads(textHost: string, hosts: string[]): boolean {
  const same = (a: string, b: string) => a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
  return !hosts.some((h) => same(h.replace(/:\d+$/, ''), textHost));
}

export interface LinkPrompt {
  title: string;
  /** Names the real host (or the recipients). */
  message: string;
  /** The full URL, and every reason to look twice. */
  detail: string;
  /** [cancel, open]: Cancel is the default, so Enter or Escape opens nothing. */
  buttons: [string, string];
}

const SHOWN_URL_MAX = 1000;

export function linkPrompt(link: Extract<LinkTarget, { ok: true }>, text: string): LinkPrompt {
  const host = link.hosts.join(', ');
  const message = link.scheme === 'mailto' ? `Write an email to ${link.recipients.join(', ')}?` : `Open ${host} in your browser?`;
  const shownUrl = link.url.length > SHOWN_URL_MAX ? `${link.url.slice(0, SHOWN_URL_MAX)}… (${link.url.length - SHOWN_URL_MAX} more characters)` : link.url;
  const lines = [`A link in the agent's message opens:\n${shownUrl}`];
  const textHost = hostNamedBy(text);
  if (textHost && textMisleads(textHost, link.hosts)) lines.push(`Its text shows ${textHost}, but it goes to ${host}.`);
  if (link.userInfo) lines.push(`"${link.userInfo}@" before the host is only a user name: the link goes to ${host}.`);
  if (link.idn) lines.push(`${host} is an international domain name, shown in its ASCII (punycode) form; it may imitate a familiar name.`);
  if (link.scheme === 'http') lines.push('The connection is not encrypted (http).');
  return { title: 'Open link', message, detail: lines.join('\n\n'), buttons: ['Cancel', link.scheme === 'mailto' ? 'Write email' : 'Open'] };
}

export interface LinkOpenerDeps {
  /** Shows the prompt; true only when the user chose to open. */
  confirm(prompt: LinkPrompt): Promise<boolean>;
  /** Hands the URL to the OS (shell.openExternal). */
  open(url: string): Promise<void>;
  log?: (line: string) => void;
}

/** Asks before every external open; one prompt at a time (a burst of clicks or window.open calls gets no stack of dialogs). */
export class ExternalLinkOpener {
  private asking = false;

  constructor(private readonly deps: LinkOpenerDeps) {}

  /** Resolves true when the link was handed to the OS. */
  async request(url: string, text: string): Promise<boolean> {
    const link = linkTarget(url);
    if (!link.ok) {
      this.deps.log?.(`link: refused ${JSON.stringify(url.slice(0, 200))}: ${link.reason}`);
      return false;
    }
    if (this.asking) {
      this.deps.log?.(`link: ignored ${link.hosts.join(', ')} while another link prompt is open`);
      return false;
    }
    this.asking = true;
    let yes = false;
    try {
      yes = (await this.deps.confirm(linkPrompt(link, text))) === true;
    } finally {
      this.asking = false;
    }
    if (!yes) {
      this.deps.log?.(`link: declined ${link.hosts.join(', ')}`);
      return false;
    }
    await this.deps.open(link.url);
    this.deps.log?.(`link: opened ${link.hosts.join(', ')}`);
    return true;
  }

  /**
   * The ChatGPT sign-in page the core made (its issuer's authorize URL, not a link
   * anyone wrote): the user asked for it with "Sign in with ChatGPT", so it opens
   * without the link prompt. Still only http(s).
   */
  async openSignInPage(url: string): Promise<boolean> {
    const link = linkTarget(url);
    if (!link.ok || link.scheme === 'mailto') {
      this.deps.log?.(`sign-in: refused to open ${JSON.stringify(url.slice(0, 200))}: ${link.ok ? 'not a web page' : link.reason}`);
      return false;
    }
    await this.deps.open(link.url);
    this.deps.log?.(`sign-in: opened ${link.hosts.join(', ')} in the browser`);
    return true;
  }
}
