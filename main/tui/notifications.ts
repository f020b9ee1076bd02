// Desktop notifications from the TUI, as Codex's: when a turn finishes or an
// approval is needed and the terminal is not focused (focus reporting, CSI
// ?1004h), per `tui.notifications` (true, false, or a list of
// "agent-turn-complete" / "approval-requested") and `tui.notification_method`
// (auto | osc9 | bel). Auto: a Windows toast under WSL inside Windows Terminal,
// OSC 9 in terminals known to show it, else BEL.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export type NotificationKind = 'agent-turn-complete' | 'approval-requested';
export type NotificationMethod = 'auto' | 'osc9' | 'bel';

export interface NotificationSettings {
  kinds: ReadonlySet<NotificationKind>;
  method: NotificationMethod;
}

const ALL: readonly NotificationKind[] = ['agent-turn-complete', 'approval-requested'];
/** Longest message sent (terminals cut or refuse long ones). */
const MAX_CHARS = 120;

/** From the effective config's `tui` table; bad values are named in the returned warnings. */
export function notificationSettings(tui: unknown): { settings: NotificationSettings; warnings: string[] } {
  const table = tui && typeof tui === 'object' && !Array.isArray(tui) ? (tui as Record<string, unknown>) : {};
  const warnings: string[] = [];
  let kinds = new Set<NotificationKind>(ALL);
  const n = table.notifications;
  if (n === false) kinds = new Set();
  else if (Array.isArray(n)) kinds = new Set(ALL.filter((k) => n.includes(k)));
  else if (n !== undefined && n !== true)
    warnings.push('tui.notifications in config.toml must be true, false or a list of "agent-turn-complete" / "approval-requested"');
  const m = table.notification_method;
  let method: NotificationMethod = 'auto';
  if (m === 'osc9' || m === 'bel' || m === 'auto') method = m;
  else if (m !== undefined) warnings.push(`tui.notification_method in config.toml must be "auto", "osc9" or "bel" (got ${JSON.stringify(m)})`);
  return { settings: { kinds, method }, warnings };
}

/** Terminals that show OSC 9 as a desktop notification (Codex's list); never Windows Terminal. */
export function supportsOsc9(env: NodeJS.ProcessEnv): boolean {
  if (env.WT_SESSION) return false;
  if (env.TERM_PROGRAM === 'WezTerm' || env.TERM_PROGRAM === 'WarpTerminal' || env.TERM_PROGRAM === 'ghostty') return true;
  if (env.ITERM_SESSION_ID) return true;
  return env.TERM === 'xterm-kitty' || env.TERM === 'wezterm' || env.TERM === 'wezterm-mux';
}

export function isWsl(env: NodeJS.ProcessEnv): boolean {
  if (process.platform !== 'linux') return false;
  if (env.WSL_DISTRO_NAME || env.WSL_INTEROP) return true;
  try {
    return /microsoft/i.test(readFileSync('/proc/sys/kernel/osrelease', 'utf8'));
  } catch {
    return false;
  }
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** The PowerShell script that raises a "Codex" toast with `body`. */
export function windowsToastScript(body: string): string {
  const xml = `<toast><visual><binding template="ToastText02"><text id="1">Codex</text><text id="2">${xmlEscape(body)}</text></binding></visual></toast>`;
  return [
    '[Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, ContentType = WindowsRuntime] | Out-Null',
    '[Windows.Data.Xml.Dom.XmlDocument, Windows.Data.Xml.Dom.XmlDocument, ContentType = WindowsRuntime] | Out-Null',
    '$doc = New-Object Windows.Data.Xml.Dom.XmlDocument',
    `$doc.LoadXml('${xml.replace(/'/g, "''")}')`,
    '$toast = [Windows.UI.Notifications.ToastNotification]::new($doc)',
    "[Windows.UI.Notifications.ToastNotificationManager]::CreateToastNotifier('Codex').Show($toast)",
  ].join('\n');
}

export class TerminalNotifier {
  /** Codex assumes focus until the terminal says otherwise. */
  private focused = true;

  constructor(
    private readonly settings: NotificationSettings,
    private readonly out: NodeJS.WriteStream,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Asks the terminal to report focus changes (CSI I / CSI O). */
  start(): void {
    this.out.write('\x1b[?1004h');
  }

  stop(): void {
    this.out.write('\x1b[?1004l');
  }

  setFocused(focused: boolean): void {
    this.focused = focused;
  }

  notify(kind: NotificationKind, message: string): void {
    if (this.focused || !this.settings.kinds.has(kind)) return;
    const text = clean(message);
    const method = this.settings.method;
    if (method === 'auto' && this.env.WT_SESSION && isWsl(this.env)) return this.toast(text);
    if (method === 'osc9' || (method === 'auto' && supportsOsc9(this.env))) this.out.write(`\x1b]9;${text}\x07`);
    else this.out.write('\x07');
  }

  private toast(text: string): void {
    const encoded = Buffer.from(windowsToastScript(text), 'utf16le').toString('base64');
    try {
      const child = spawn('powershell.exe', ['-NoProfile', '-NoLogo', '-EncodedCommand', encoded], { stdio: 'ignore', env: this.env });
      child.on('error', () => this.out.write('\x07'));
      child.unref();
    } catch {
      this.out.write('\x07');
    }
  }
}

/** One line without control characters (an OSC payload must not end early), cut to length. */
function clean(message: string): string {
  const line = message
    .replace(/[\x00-\x1f\x7f\x9b]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > MAX_CHARS ? `${line.slice(0, MAX_CHARS - 1)}…` : line;
}
