// The fixed prefix of every request: base instructions, the user's AGENTS.md
// and the environment context, in the order and wrappers Codex uses.
import { readlinkSync } from 'node:fs';
import { basename } from 'node:path';
import type { ResponseItem, ContentItem } from '../model/types.js';
import type { Config } from '../config/types.js';
import type { SandboxPolicy } from '../sandbox/policy.js';
import { approvalPolicyName } from '../approval/policy.js';

export const BASE_INSTRUCTIONS = `You are Codex, a coding agent working in the user's workspace through a terminal and a patch tool. Be precise, safe and helpful.

How you work:
- Read before you change. Use \`exec_command\` to inspect files and run programs; prefer \`rg\` for searching.
- Edit files with \`apply_patch\`. Keep changes focused on the task, match the surrounding style, and do not revert changes you did not make.
- Verify what you changed when it is cheap to do so (build, tests, running the program).
- For multi-step work, keep a short plan with \`update_plan\` when that tool is offered, and keep it current.
- Commands run inside a sandbox described in the environment context. If a command fails because the sandbox denied it, say so instead of working around the sandbox.
- Avoid destructive commands (for example \`git reset --hard\`, \`rm -rf\` on broad paths) unless the user asked for them.

When you finish, reply with a concise summary of what you did and anything the user should check. Use Markdown where it helps; refer to files by path.`;

export function developerMessage(text: string): ResponseItem {
  return { type: 'message', role: 'developer', content: [{ type: 'input_text', text }] };
}

export function userMessage(parts: ContentItem[]): ResponseItem {
  return { type: 'message', role: 'user', content: parts };
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function writableRootsFor(policy: SandboxPolicy, cwd: string): string[] {
  if (policy.mode !== 'workspace-write') return [];
  return [cwd, ...policy.writableRoots];
}

/**
 * The IANA time zone name. Read from TZ or /etc/localtime before falling back
 * to Intl: initialising ICU costs hundreds of milliseconds on a cold start.
 */
export function localTimezone(env: NodeJS.ProcessEnv = process.env): string {
  const tz = env.TZ?.replace(/^:/, '');
  if (tz && !tz.startsWith('/')) return tz;
  try {
    const link = readlinkSync(tz || '/etc/localtime');
    const m = /zoneinfo\/(.+)$/.exec(link);
    if (m) return m[1]!;
  } catch {
    // not a symlink (or no such file): ask ICU
  }
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function formatEnvironmentContext(opts: { cwd: string; approvalPolicy: string; sandbox: SandboxPolicy; shell: string; now?: Date }): string {
  const now = opts.now ?? new Date();
  const tz = localTimezone();
  const date = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  const network =
    opts.sandbox.mode === 'danger-full-access' || (opts.sandbox.mode === 'workspace-write' && opts.sandbox.networkAccess) ? 'enabled' : 'restricted';
  const lines = [
    '<environment_context>',
    `  <cwd>${xmlEscape(opts.cwd)}</cwd>`,
    `  <approval_policy>${opts.approvalPolicy}</approval_policy>`,
    `  <sandbox_mode>${opts.sandbox.mode}</sandbox_mode>`,
    `  <network_access>${network}</network_access>`,
  ];
  const roots = writableRootsFor(opts.sandbox, opts.cwd);
  if (roots.length) {
    lines.push('  <writable_roots>');
    for (const r of roots) lines.push(`    <root>${xmlEscape(r)}</root>`);
    lines.push('  </writable_roots>');
  }
  lines.push(`  <shell>${opts.shell}</shell>`, `  <current_date>${date}</current_date>`, `  <timezone>${tz}</timezone>`, '</environment_context>');
  return lines.join('\n');
}

export function userShellName(env: NodeJS.ProcessEnv = process.env): string {
  return env.SHELL ? basename(env.SHELL) : 'bash';
}

/** The items every request starts with, before the conversation. */
export function buildInitialContext(opts: {
  config: Config;
  sandbox: SandboxPolicy;
  baseInstructions?: string;
  developerInstructions?: string;
  /** The formatted AGENTS.md message (config/projectDoc.ts buildAgentsMessage). */
  agentsMessage?: string;
  /** Codex's `<skills_instructions>` section (skills/render.ts), when any skill exists. */
  skillsSection?: string;
}): ResponseItem[] {
  const items: ResponseItem[] = [developerMessage(opts.baseInstructions ?? BASE_INSTRUCTIONS)];
  if (opts.skillsSection) items.push(developerMessage(opts.skillsSection));
  const dev = opts.developerInstructions ?? opts.config.developerInstructions;
  if (dev) items.push(developerMessage(dev));
  const parts: ContentItem[] = [];
  if (opts.agentsMessage) parts.push({ type: 'input_text', text: opts.agentsMessage });
  parts.push({
    type: 'input_text',
    text: formatEnvironmentContext({
      cwd: opts.config.cwd,
      approvalPolicy: approvalPolicyName(opts.config.approvalPolicy),
      sandbox: opts.sandbox,
      shell: userShellName(),
    }),
  });
  items.push(userMessage(parts));
  return items;
}
