// Pure helpers for showing MCP servers: the live startup state per thread (from
// `mcpServer/startupStatus/updated`) and the rows of the Settings list (from
// `mcpServerStatus/list`).
import type { McpServerConnectionStatus, McpServerStartupState, McpServerStatus, McpServerStatusUpdatedNotification } from '../../shared/protocol/types.js';

export interface McpStartupEntry {
  status: McpServerStartupState;
  error: string | null;
}

/** Thread id → server name → its latest startup state. */
export type McpStartupByThread = Record<string, Record<string, McpStartupEntry>>;

export function applyStartupUpdate(map: McpStartupByThread, u: McpServerStatusUpdatedNotification): McpStartupByThread {
  if (!u.threadId) return map;
  return { ...map, [u.threadId]: { ...map[u.threadId], [u.name]: { status: u.status, error: u.error } } };
}

const RUNTIME_OF_STARTUP: Record<McpServerStartupState, McpServerConnectionStatus> = {
  starting: 'starting',
  ready: 'connected',
  failed: 'failed',
  cancelled: 'cancelled',
};

/** The listed servers with one live update applied (a server that died since the listing shows failed). */
export function patchListedStatus(servers: McpServerStatus[], u: McpServerStatusUpdatedNotification): McpServerStatus[] {
  return servers.map((s) => (s.name === u.name ? { ...s, runtimeStatus: RUNTIME_OF_STARTUP[u.status], error: u.error } : s));
}

/** The header badge for a thread's servers: "MCP 2/3 ready", flagged when one failed. */
export function startupSummary(entries: Record<string, McpStartupEntry> | undefined): { text: string; failed: boolean; title: string } | null {
  const list = Object.entries(entries ?? {});
  if (list.length === 0) return null;
  const ready = list.filter(([, e]) => e.status === 'ready').length;
  const failed = list.filter(([, e]) => e.status === 'failed').length;
  const starting = list.filter(([, e]) => e.status === 'starting').length;
  const text = starting > 0 ? `MCP starting ${ready}/${list.length}` : `MCP ${ready}/${list.length} ready`;
  const title = list.map(([name, e]) => `${name}: ${e.status}${e.error ? ` (${oneLine(e.error)})` : ''}`).join('\n');
  return { text, failed: failed > 0, title };
}

/** One line for a server in the Settings list. */
export function describeServer(s: McpServerStatus): string {
  const tools = Object.keys(s.tools).length;
  switch (s.runtimeStatus) {
    case 'connected': {
      const extra = [s.resources.length && `${s.resources.length} resources`, s.prompts.length && `${s.prompts.length} prompts`].filter(Boolean);
      return `ready · ${tools} ${tools === 1 ? 'tool' : 'tools'}${extra.length ? ` · ${extra.join(' · ')}` : ''}`;
    }
    case 'starting':
      return 'starting…';
    case 'failed':
      return `failed: ${oneLine(s.error ?? s.toolsError ?? 'unknown error')}`;
    case 'disabled':
      return 'disabled';
    case 'authenticationRequired':
      return 'needs login (codex mcp login)';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'not started';
  }
}

/** The error on one line: the reason a server gives (its stderr) often follows the first. */
function oneLine(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' — ');
}
