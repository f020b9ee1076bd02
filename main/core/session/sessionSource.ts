// Where a thread came from, as Codex records it in a rollout's session_meta
// (codex-rs core `SessionSource`) and as its app-server reports it on the wire
// (v2 `SessionSource`): the two spell it differently, and our older rollouts
// used names of their own.
import type { SessionSource } from '../../../shared/protocol/types.js';

/**
 * What we write in session_meta: Codex core's values. `codex app-server`
 * writes "vscode" (Codex's app-server default), the MCP server "mcp", the
 * desktop app `{custom: "desktop"}` so its threads stay told apart.
 */
export type RolloutSessionSource = 'cli' | 'vscode' | 'exec' | 'mcp' | { custom: string };

/** A session_meta `source` (Codex's, or one of our older names) as the wire reports it. */
export function sessionSourceToWire(recorded: unknown): SessionSource {
  switch (recorded) {
    case 'cli':
    case 'vscode':
    case 'exec':
    case 'unknown':
      return recorded;
    // Codex core's Mcp is the v2 protocol's appServer.
    case 'mcp':
      return 'appServer';
    // Ours before Codex's names: the app-server wrote "app-server", the desktop app "desktop".
    case 'app-server':
      return 'vscode';
    case 'desktop':
      return { custom: 'desktop' };
  }
  if (typeof recorded === 'object' && recorded !== null && 'custom' in recorded && typeof recorded.custom === 'string') return { custom: recorded.custom };
  // Subagent sources and anything newer: Codex's app-server too reports what it does not render as unknown.
  return 'unknown';
}
