// What the composer's pickers add to turn/start: only what differs from the
// thread's current settings, so a turn never drops settings the user did not
// touch (e.g. extra writable roots from config.toml).
import type { AskForApproval, ReasoningEffort, SandboxMode, ThreadStartResponse, TurnStartParams, UserInput } from '../../shared/protocol/types.js';
import { sandboxModeOf, sandboxPolicyFor } from '../../shared/protocol/sandboxMode.js';
import {
  APPROVAL_POLICIES as ALL_APPROVAL_POLICIES,
  REASONING_EFFORTS as ALL_REASONING_EFFORTS,
  SANDBOX_MODES as ALL_SANDBOX_MODES,
} from '../../shared/protocol/enums.js';

export interface TurnSettings {
  model: string;
  /** null: the model's default */
  effort: string | null;
  sandbox: SandboxMode;
  approvalPolicy: AskForApproval;
}

// The pickers' choices, from the protocol's own lists (shared/protocol/enums.ts).
/** As before, "none" is not among the pickers' efforts (beside "default", the model's own). */
export const REASONING_EFFORTS: readonly ReasoningEffort[] = ALL_REASONING_EFFORTS.filter((e) => e !== 'none');
export const SANDBOX_MODES: readonly SandboxMode[] = ALL_SANDBOX_MODES;
/** Codex deprecates on-failure: the menus offer it after on-request. */
export const APPROVAL_POLICIES: readonly AskForApproval[] = ALL_APPROVAL_POLICIES.flatMap((p) =>
  p === 'on-failure' ? [] : p === 'on-request' ? [p, 'on-failure' as const] : [p],
);
/** Suggestions only: any model name can be typed. */
export const KNOWN_MODELS: readonly string[] = ['gpt-5.5', 'gpt-5.5-codex', 'gpt-5.4', 'gpt-5.4-mini', 'o3', 'o4-mini'];

export function settingsFromResponse(r: Pick<ThreadStartResponse, 'model' | 'reasoningEffort' | 'sandbox' | 'approvalPolicy'>): TurnSettings {
  // A granular policy (set by another client) is on-request with some prompts refused: the picker shows
  // on-request, and since only changes are sent, the thread keeps its granular policy until another is picked.
  const approvalPolicy = typeof r.approvalPolicy === 'string' ? r.approvalPolicy : 'on-request';
  return { model: r.model, effort: r.reasoningEffort, sandbox: sandboxModeOf(r.sandbox), approvalPolicy };
}

export function buildTurnStart(threadId: string, input: UserInput[], current: TurnSettings, picked: TurnSettings): TurnStartParams {
  const p: TurnStartParams = { threadId, input };
  const model = picked.model.trim();
  if (model && model !== current.model) p.model = model;
  if (picked.effort && picked.effort !== current.effort) p.effort = picked.effort;
  if (picked.sandbox !== current.sandbox) p.sandboxPolicy = sandboxPolicyFor(picked.sandbox);
  if (picked.approvalPolicy !== current.approvalPolicy) p.approvalPolicy = picked.approvalPolicy;
  return p;
}

/** The user's message: the text, then each attached image (data: URL). */
export function buildInput(text: string, images: { url: string }[]): UserInput[] {
  const input: UserInput[] = [];
  if (text.trim()) input.push({ type: 'text', text });
  for (const img of images) input.push({ type: 'image', url: img.url });
  return input;
}

/** Images above this size are refused before they reach the IPC (the core would send them to the model as is). */
export const MAX_IMAGE_BYTES = 3 * 1024 * 1024;
