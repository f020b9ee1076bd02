// Runs what the user submitted: a slash command, or a prompt for a new turn;
// and what a pick in a selection popup (/resume, /permissions) means.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AskForApproval, ReasoningEffort, SandboxMode } from '../../shared/protocol/types.js';
import { contextLeftPercent } from './transcript.js';
import type { TuiSession } from './session.js';
import { parseSlash, SLASH_COMMANDS } from './slashCommands.js';
import { openPicker, type Picker, type PickerId, type PickerItem } from './picker.js';
import { resumePicker } from './threadPicker.js';
import { gitDiff } from './gitDiff.js';
import { INIT_PROMPT } from './initPrompt.js';
import { imagePathsIn } from './imagePaths.js';
import { commitTarget, REVIEW_PRESETS, reviewBranchPicker, reviewCommitPicker, reviewCustomPrompt, reviewPresetPicker } from './reviewPickers.js';

const EFFORTS: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];

export interface SubmitContext {
  session: TuiSession;
  quit: () => void;
  /** Images attached to this prompt. */
  images?: string[];
  /** Shows a selection popup in place of the composer. */
  openPicker: (picker: Picker) => void;
  /** The popup that was open when its row was picked (the row's details). */
  picked?: Picker;
  /** Replaces the composer's text (cursor at the end). */
  setDraft: (text: string) => void;
  /** The environment `!` commands run with (the user's). */
  env?: NodeJS.ProcessEnv;
}

/** Codex's permission presets (codex-rs/utils/approval-presets), in its order. */
const PERMISSION_PRESETS: readonly { id: string; label: string; description: string; approval: AskForApproval; sandbox: SandboxMode }[] = [
  {
    id: 'read-only',
    label: 'Read Only',
    description: 'Codex can read files in the current workspace. Approval is required to edit files or access the internet.',
    approval: 'on-request',
    sandbox: 'read-only',
  },
  {
    id: 'auto',
    label: 'Default',
    description: 'Codex can read and edit files in the current workspace, and run commands. Approval is required to access the internet or edit other files.',
    approval: 'on-request',
    sandbox: 'workspace-write',
  },
  {
    id: 'full-access',
    label: 'Full Access',
    description: 'Codex can edit files outside this workspace and access the internet without asking for approval. Exercise caution when using.',
    approval: 'never',
    sandbox: 'danger-full-access',
  },
];

export async function runSubmitted(text: string, ctx: SubmitContext): Promise<void> {
  const { session } = ctx;
  const slash = parseSlash(text);
  if (slash && 'unknown' in slash) {
    session.notice('error', [`Unrecognized command '/${slash.unknown}'. Available: ${SLASH_COMMANDS.map((c) => `/${c.name}`).join(', ')}`]);
    return;
  }
  if (!slash && text.startsWith('!')) {
    const command = text.slice(1).trim();
    if (!command || !session.state.settings) return;
    session.recordPrompt(text);
    // The thread runs it (unsandboxed, in its folder) and records it for the model, as Codex does.
    await session.shellCommand(command);
    return;
  }
  if (!slash) {
    session.recordPrompt(text);
    // Enter while a turn runs steers it (Tab queues instead).
    if (session.running() && (await session.steer(text))) return;
    const cwd = session.state.settings?.cwd;
    const named = cwd ? imagePathsIn(text, cwd) : [];
    await session.send(text, [...(ctx.images ?? []), ...named.filter((p) => !ctx.images?.includes(p))]);
    return;
  }
  const [arg0, arg1] = slash.args;
  switch (slash.command.name) {
    case 'quit':
    case 'exit':
      ctx.quit();
      return;
    case 'new':
      if (session.running()) await session.interrupt();
      await session.newThread();
      session.notice('info', ['• New chat started.']);
      return;
    case 'model': {
      const s = session.state.settings;
      if (!arg0) {
        session.notice('info', [
          `• Model: ${s?.model ?? 'unknown'}${s?.effort ? ` (reasoning effort ${s.effort})` : ''}`,
          '  Change it with /model NAME [EFFORT], EFFORT one of: ' + EFFORTS.join(', '),
        ]);
        return;
      }
      const effort = arg1 as ReasoningEffort | undefined;
      if (effort !== undefined && !EFFORTS.includes(effort)) {
        session.notice('error', [`Unknown reasoning effort '${arg1}': use one of ${EFFORTS.join(', ')}`]);
        return;
      }
      session.setModel(arg0, effort);
      session.notice('info', [`• Model changed to ${arg0}${effort ? ` ${effort}` : ''} for the next turns.`]);
      return;
    }
    case 'resume': {
      const picker = await resumePicker(session, 'resume');
      if (picker) ctx.openPicker(picker);
      else session.notice('info', ['• No saved sessions to resume in this directory.']);
      return;
    }
    case 'fork': {
      if (session.running()) {
        session.notice('warning', ['A turn is running: wait for it to finish (or press Esc) before forking.']);
        return;
      }
      const from = session.state.settings?.threadId;
      const id = await session.forkThread();
      session.notice('info', [`• Forked into a new session: ${id}`, `  (from ${from}, which stays as it was)`]);
      return;
    }
    case 'permissions': {
      const s = session.state.settings;
      const current = PERMISSION_PRESETS.find((p) => p.approval === s?.approvalPolicy && p.sandbox === s?.sandbox)?.id;
      ctx.openPicker(
        openPicker({
          id: 'permissions',
          title: 'Update Model Permissions',
          items: PERMISSION_PRESETS.map((p) => ({ value: p.id, label: p.label, description: p.description })),
          query: null,
          current,
          wrap: true,
          index: Math.max(
            0,
            PERMISSION_PRESETS.findIndex((p) => p.id === current),
          ),
        }),
      );
      return;
    }
    case 'review': {
      if (session.running()) {
        session.notice('warning', ["'/review' is disabled while a task is in progress."]);
        return;
      }
      // `/review TEXT` reviews with those instructions; bare /review opens the presets.
      const instructions = text
        .trim()
        .replace(/^\/review\s*/, '')
        .trim();
      if (instructions) await session.startReview({ type: 'custom', instructions });
      else ctx.openPicker(reviewPresetPicker());
      return;
    }
    case 'diff': {
      const cwd = session.state.settings?.cwd;
      if (!cwd) return;
      const r = await gitDiff(cwd);
      if (r.kind === 'notRepo') session.notice('info', ['• /diff: not inside a git repository.']);
      else if (!r.text.trim()) session.notice('info', ['• /diff: no changes (tracked or untracked).']);
      else session.showDiff('git diff (including untracked files)', r.text);
      return;
    }
    case 'compact':
      if (session.running()) {
        session.notice('warning', ['A turn is running: wait for it to finish (or press Esc) before compacting.']);
        return;
      }
      await session.compact();
      return;
    case 'mcp': {
      const servers = await session.mcpServers();
      if (servers.length === 0) {
        session.notice('info', [
          '• MCP tools',
          '  No MCP servers configured: add one with `codex mcp add NAME -- COMMAND` or [mcp_servers.NAME] in config.toml.',
        ]);
        return;
      }
      const lines = ['• MCP tools'];
      for (const m of servers) {
        const status = !m.enabled ? 'disabled' : m.runtimeStatus === 'failed' ? `failed${m.error ? `: ${m.error}` : ''}` : (m.runtimeStatus ?? 'not started');
        lines.push(`  • ${m.name}  (${status})`);
        const tools = Object.keys(m.tools).sort();
        lines.push(`    Tools: ${tools.length ? tools.join(', ') : '(none)'}`);
      }
      session.notice('info', lines);
      return;
    }
    case 'init': {
      const cwd = session.state.settings?.cwd;
      if (!cwd) return;
      if (existsSync(join(cwd, 'AGENTS.md'))) {
        session.notice('info', [`• AGENTS.md already exists in ${cwd}: /init leaves it as it is.`]);
        return;
      }
      if (session.running()) {
        session.notice('warning', ['A turn is running: press Esc to interrupt it, then send again.']);
        return;
      }
      await session.send(INIT_PROMPT);
      return;
    }
    case 'mention':
      ctx.setDraft('@');
      return;
    case 'status': {
      const s = session.state.settings;
      const usage = session.state.transcript.tokenUsage;
      const left = contextLeftPercent(usage);
      session.notice('info', [
        '• Session status',
        `  Model:        ${s?.model ?? '-'}${s?.effort ? ` (reasoning ${s.effort})` : ''}`,
        `  Directory:    ${s?.cwd ?? '-'}`,
        `  Approval:     ${s?.approvalPolicy ?? '-'}`,
        `  Sandbox:      ${s?.sandbox ?? '-'}`,
        `  Session:      ${s?.threadId ?? '-'}`,
        `  Tokens used:  ${usage ? usage.total.totalTokens.toLocaleString('en-US') : 0}`,
        `  Context left: ${left ?? 100}%`,
      ]);
      return;
    }
  }
}

/** Enter on a popup row. */
export async function runPicked(id: PickerId, value: string, ctx: SubmitContext): Promise<void> {
  const { session } = ctx;
  switch (id) {
    case 'resume':
    case 'resume-startup':
      if (session.running()) await session.interrupt();
      await session.resumeThread(value);
      session.notice('info', [`• Resumed session ${value}`]);
      return;
    case 'review': {
      const cwd = session.state.settings?.cwd;
      if (value === REVIEW_PRESETS.uncommitted) await session.startReview({ type: 'uncommittedChanges' });
      else if (value === REVIEW_PRESETS.custom) ctx.openPicker(reviewCustomPrompt());
      else if (cwd && value === REVIEW_PRESETS.baseBranch) ctx.openPicker(await reviewBranchPicker(cwd));
      else if (cwd && value === REVIEW_PRESETS.commit) ctx.openPicker(await reviewCommitPicker(cwd));
      return;
    }
    case 'review-branch':
      await session.startReview({ type: 'baseBranch', branch: value });
      return;
    case 'review-commit':
      await session.startReview(commitTarget(ctx.picked, value));
      return;
    case 'review-custom':
      await session.startReview({ type: 'custom', instructions: value });
      return;
    case 'permissions': {
      const preset = PERMISSION_PRESETS.find((p) => p.id === value);
      if (!preset) return;
      session.setPermissions(preset.approval, preset.sandbox);
      session.notice('info', [`• Permissions updated to ${preset.label}`]);
      return;
    }
  }
}

/**
 * Esc on a popup: `codex resume`'s list starts a new session instead; /review's
 * second step goes back to its presets (as Codex's); the others just close.
 */
export async function runPickerCancelled(id: PickerId, ctx: SubmitContext): Promise<void> {
  if (id === 'resume-startup') await ctx.session.startThread();
  if (id === 'review-branch' || id === 'review-commit' || id === 'review-custom') ctx.openPicker(reviewPresetPicker());
}
