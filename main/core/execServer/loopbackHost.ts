// Whether a host name or address is this machine's loopback (no network
// reaches it). Kept apart from the listener so the TUI can check --remote
// before it loads the websocket code.
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::ffff:127.0.0.1';
}
