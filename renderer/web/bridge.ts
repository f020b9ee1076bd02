// The browser build's stand-in for the Electron preload: `window.codex`
// (CodexApi) over the web UI host's websocket (main/web/webHost.ts), on the same
// contract channels, so the renderer runs unchanged. A page opened with the
// printed `#pair=` link trades it once for a session token kept in
// localStorage (this origin only); a reload connects with that token.
import { ExternalLinkOpener } from '../../shared/externalLink.js';
import { codexApi } from '../../shared/ipc/codexApi.js';
import { bridgeProtocols, type BridgeCredentials } from '../../shared/ipc/bridgeCredentials.js';
import {
  BRIDGE_PATH,
  OPEN_LINK_CHANNEL,
  PICK_FOLDER_CHANNEL,
  type IpcEnvelope,
  type OpenLinkResult,
  type PickFolderResult,
  type PushChannel,
  type PushPayloads,
} from '../../shared/ipc/contract.js';

const SESSION_KEY = 'codex.web.session';
/**
 * The link's pairing fragment, kept for this tab until the host has traded it
 * for a session: the fragment leaves the address bar at once, and a reload
 * before the trade (the socket opens on first use) must not lose the link.
 */
const PENDING_PAIR_KEY = 'codex.web.pendingPair';

/** Who this page is: the link's pairing token (traded once), or the kept session; null when neither. */
function pageCredentials(): BridgeCredentials | null {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get('pair')) {
    // The link is spent once used: keep it out of the address bar and history.
    history.replaceState(null, '', location.pathname + location.search);
    sessionStorage.setItem(PENDING_PAIR_KEY, fragment.toString());
  }
  const pending = new URLSearchParams(sessionStorage.getItem(PENDING_PAIR_KEY) ?? '');
  const pair = pending.get('pair');
  if (pair) return { pair, token: pending.get('token') ?? undefined };
  const session = localStorage.getItem(SESSION_KEY);
  return session ? { session } : null;
}

/** A visible line above the app when the bridge cannot reach the host (the renderer itself knows no transport). */
function showProblem(text: string): void {
  const show = () => {
    let el = document.getElementById('codex-web-problem');
    if (!el) {
      el = document.createElement('div');
      el.id = 'codex-web-problem';
      el.setAttribute('role', 'alert');
      // CSSOM, not a style attribute: the CSP allows no inline styles.
      Object.assign(el.style, { padding: '8px 12px', background: '#8b1c1c', color: '#fff', font: '14px system-ui, sans-serif' });
      document.body.prepend(el);
    }
    el.textContent = text;
  };
  if (document.body) show();
  else document.addEventListener('DOMContentLoaded', show, { once: true });
}

type Waiter = { resolve: (v: unknown) => void; reject: (e: Error) => void };

const BRIDGE_URL = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${BRIDGE_PATH}`;
const credentials = pageCredentials();
let seq = 0;
const waiting = new Map<number, Waiter>();
const listeners = new Map<PushChannel, Set<(payload: never) => void>>();
let connection: Promise<WebSocket> | undefined;

/**
 * Opens the socket on first use: the renderer subscribes before its first
 * request, so approvals the host replays on connect find their listeners.
 */
function connect(): Promise<WebSocket> {
  connection ??= open();
  return connection;
}

function open(): Promise<WebSocket> {
  const ready = new Promise<WebSocket>((resolve, reject) => {
    if (!credentials) return reject(new Error('Not paired: open the pairing link that `codex web` printed'));
    const ws = new WebSocket(BRIDGE_URL, bridgeProtocols(credentials));
    let opened = false;
    ws.addEventListener('open', () => ((opened = true), resolve(ws)), { once: true });
    ws.addEventListener(
      'error',
      () => {
        // Refused, or the server is gone (its pairing tokens with it): the pending link is dead either way.
        sessionStorage.removeItem(PENDING_PAIR_KEY);
        reject(new Error('The codex web server refused this page or is gone'));
      },
      { once: true },
    );
    ws.addEventListener('message', (ev: MessageEvent<string>) => receive(ev.data));
    ws.addEventListener('close', () => {
      for (const w of waiting.values()) w.reject(new Error('the connection to codex web closed'));
      waiting.clear();
      if (opened) showProblem('Disconnected from codex web: reload the page once it runs again.');
    });
  });
  ready.catch((err: Error) => showProblem(`${err.message}. A pairing link works once and expires; restart \`codex web\` for a new one if this one was used.`));
  return ready;
}

function receive(data: string): void {
  const msg: unknown = JSON.parse(data);
  if (typeof msg !== 'object' || msg === null) return;
  if ('session' in msg && typeof msg.session === 'string') {
    localStorage.setItem(SESSION_KEY, msg.session);
    sessionStorage.removeItem(PENDING_PAIR_KEY);
  } else if ('seq' in msg && 'reply' in msg && typeof msg.seq === 'number') {
    const w = waiting.get(msg.seq);
    waiting.delete(msg.seq);
    if (w) settle(w, msg.reply as IpcEnvelope<unknown>);
  } else if ('push' in msg && 'payload' in msg) {
    for (const cb of listeners.get(msg.push as PushChannel) ?? []) cb(msg.payload as never);
  }
}

/** Resolves with the result or throws as the preload does (message, code, data). */
function settle(w: Waiter, envelope: IpcEnvelope<unknown>): void {
  if (envelope.ok) w.resolve(envelope.result);
  else w.reject(Object.assign(new Error(envelope.error.message), { code: envelope.error.code, data: envelope.error.data }));
}

async function invoke<T>(channel: string, payload: unknown): Promise<T> {
  const socket = await connect();
  const id = ++seq;
  return new Promise<T>((resolve, reject) => {
    waiting.set(id, { resolve: (v) => resolve(v as T), reject });
    socket.send(JSON.stringify({ seq: id, channel, payload }));
  });
}

function subscribe<C extends PushChannel>(channel: C, cb: (payload: PushPayloads[C]) => void): () => void {
  let set = listeners.get(channel);
  if (!set) listeners.set(channel, (set = new Set()));
  const listener = cb as (payload: never) => void;
  set.add(listener);
  void connect().catch(() => {});
  return () => void set.delete(listener);
}

/**
 * Links the model wrote go to the host first (it validates them; the test host
 * prompts as the desktop does). `codex web`'s host has no screen of its own
 * (-32601), so this browser is the "OS" that opens them, after the desktop's
 * own confirmation naming the real host.
 */
const links = new ExternalLinkOpener({
  confirm: async (prompt) => window.confirm(`${prompt.message}\n\n${prompt.detail}`),
  open: async (url) => void window.open(url, '_blank', 'noopener,noreferrer'),
});
const NO_SUCH_CAPABILITY = -32601;

/** The host's answer, or `inBrowser()` when the host has no such capability (-32601). */
async function hostOrBrowser<T>(fromHost: () => Promise<T>, inBrowser: () => T | Promise<T>): Promise<T> {
  try {
    return await fromHost();
  } catch (err) {
    if (!(err instanceof Error && 'code' in err && err.code === NO_SUCH_CAPABILITY)) throw err;
    return inBrowser();
  }
}

const openLink = (url: string, text: string): Promise<boolean> =>
  hostOrBrowser(
    () => invoke<OpenLinkResult>(OPEN_LINK_CHANNEL, { url, text }).then((r) => r.opened),
    () => links.request(url, text),
  );

/** No OS dialog can browse the serving machine's folders from here: the user types one (Cancel: null). */
const pickFolder = (defaultPath: string | null): Promise<string | null> =>
  hostOrBrowser(
    () => invoke<PickFolderResult>(PICK_FOLDER_CHANNEL, { defaultPath }).then((r) => r.path),
    () => window.prompt(`Folder on the machine running codex web (${location.hostname}):`, defaultPath ?? '')?.trim() || null,
  );

const api = codexApi({ invoke, subscribe }, { pickFolder, openLink });

Object.defineProperty(window, 'codex', { value: Object.freeze(api) });
