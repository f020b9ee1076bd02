// The transport addresses Codex 0.169 accepts: `--remote` (ws://host:port,
// wss://host:port, unix://, unix://PATH) and `app-server --listen` (stdio://,
// unix://, unix://PATH, ws://IP:PORT, off), with its error texts. `unix://`
// alone names the app-server's control socket in CODEX_HOME, as Codex's does.
import path from 'node:path';
import { UsageError } from './args.js';

/** Codex's control socket: CODEX_HOME/app-server-control/app-server-control.sock. */
export function defaultControlSocket(codexHome: string): string {
  return path.join(codexHome, 'app-server-control', 'app-server-control.sock');
}

export type RemoteAddress = { kind: 'ws'; url: string; secure: boolean; host: string } | { kind: 'unix'; path: string };

/** `--remote ADDR`; a relative unix path is taken from the current directory. */
export function parseRemoteAddress(addr: string, codexHome: string, cwd: string): RemoteAddress {
  const bad = () => new Error(`invalid remote address \`${addr}\`; expected \`ws://host:port\`, \`wss://host:port\`, \`unix://\`, or \`unix://PATH\``);
  if (addr.startsWith('unix://')) {
    const p = addr.slice('unix://'.length);
    return { kind: 'unix', path: p ? path.resolve(cwd, p) : defaultControlSocket(codexHome) };
  }
  if (!/^wss?:\/\//.test(addr)) throw bad();
  let u: URL;
  try {
    u = new URL(addr);
  } catch {
    throw bad();
  }
  if (!u.hostname || !u.port) throw bad();
  return { kind: 'ws', url: addr, secure: u.protocol === 'wss:', host: u.hostname.replace(/^\[|\]$/g, '') };
}

export type ListenAddress = { kind: 'stdio' } | { kind: 'off' } | { kind: 'ws'; url: string } | { kind: 'unix'; path: string };

/** `app-server --listen URL`, refused in clap's words. */
export function parseListenAddress(listen: string, codexHome: string, cwd: string): ListenAddress {
  if (listen === 'stdio://' || listen === 'stdio') return { kind: 'stdio' };
  if (listen === 'off') return { kind: 'off' };
  if (listen.startsWith('ws://')) return { kind: 'ws', url: listen };
  if (listen.startsWith('unix://')) {
    const p = listen.slice('unix://'.length);
    return { kind: 'unix', path: p ? path.resolve(cwd, p) : defaultControlSocket(codexHome) };
  }
  throw new UsageError(
    `invalid value '${listen}' for '--listen <URL>': unsupported --listen URL \`${listen}\`; expected \`stdio://\`, \`unix://\`, \`unix://PATH\`, \`ws://IP:PORT\`, or \`off\``,
  );
}
