// An agent-drafted commit message (ours: review/draftCommitMessage): the staged
// diff, or every uncommitted change when nothing is staged, sent to the model
// in one request without tools, and its answer returned as the message
// (conventional form: a short subject, a blank line, a body). The user edits
// it before committing; nothing here touches the repository.
import type { ModelClient } from '../model/types.js';
import { developerMessage, userMessage } from '../session/context.js';
import { textOfMessage } from '../session/compaction.js';
import { git, gitRaw, splitNul } from '../worktrees/git.js';

/** A diff longer than this is cut (with a note) so the request stays small; the subject needs the gist, not every line. */
export const MAX_DRAFT_DIFF_CHARS = 200_000;

export const COMMIT_MESSAGE_INSTRUCTIONS = `You write git commit messages. From the diff you are given, write one message in the conventional form:
- a subject line of at most 72 characters, in the imperative mood ("Add", "Fix", "Remove"), without a trailing period;
- a blank line;
- a body wrapped at 72 columns that says what changed and why, in plain sentences or short "-" bullets.
Describe only what the diff shows. Reply with the message alone: no code fence, no quotes, no preamble.`;

export class NothingToCommitError extends Error {}

export interface ChangesToDescribe {
  /** staged: what `git commit` would take; uncommitted: nothing was staged, so every change (untracked files as new). */
  source: 'staged' | 'uncommitted';
  diff: string;
}

const DIFF = ['-c', 'core.quotePath=false', 'diff', '--no-color', '--no-ext-diff'];

export async function changesToDescribe(root: string): Promise<ChangesToDescribe> {
  const staged = await git(root, [...DIFF, '--cached']);
  if (staged.trim()) return { source: 'staged', diff: staged };
  const all = await uncommittedPatch(root);
  if (!all.trim()) throw new NothingToCommitError(`nothing to describe in ${root}: no staged or uncommitted changes`);
  return { source: 'uncommitted', diff: all };
}

/** Staged and unstaged changes against HEAD (the index alone before the first commit), untracked files as new. */
async function uncommittedPatch(root: string): Promise<string> {
  const hasHead = (await gitRaw(root, ['rev-parse', '--verify', '--quiet', 'HEAD'])).code === 0;
  const parts = [hasHead ? await git(root, [...DIFF, 'HEAD']) : await git(root, DIFF)];
  for (const file of splitNul(await git(root, ['ls-files', '--others', '--exclude-standard', '-z']))) {
    // --no-index exits 1 when the files differ, which they always do here.
    parts.push((await gitRaw(root, [...DIFF, '--no-index', '--', '/dev/null', file])).stdout.toString('utf8'));
  }
  return parts.filter((p) => p.trim()).join('\n');
}

export function draftRequestText(changes: ChangesToDescribe): string {
  const cut = changes.diff.length > MAX_DRAFT_DIFF_CHARS;
  const shown = cut ? changes.diff.slice(0, MAX_DRAFT_DIFF_CHARS) : changes.diff;
  const what = changes.source === 'staged' ? 'the staged changes (what the commit will contain)' : 'all uncommitted changes (nothing is staged yet)';
  const note = cut ? `\n\n(The diff was cut at ${MAX_DRAFT_DIFF_CHARS} of its ${changes.diff.length} characters.)` : '';
  return `Write the commit message for ${what}:\n\n\`\`\`diff\n${shown}\n\`\`\`${note}`;
}

/** The model's message, without a code fence or quotes it may have wrapped it in. */
export function cleanCommitMessage(answer: string): string {
  let text = answer.trim();
  const fenced = /^```[\w-]*\n([\s\S]*?)\n```$/.exec(text);
  if (fenced) text = fenced[1]!.trim();
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
}

/** A draft that takes longer than this is abandoned (the user can write the message or ask again). */
const DRAFT_TIMEOUT_MS = 120_000;

export async function draftCommitMessage(opts: { client: ModelClient; model: string; changes: ChangesToDescribe; promptCacheKey: string }): Promise<string> {
  let answer = '';
  let streamed = '';
  const input = [developerMessage(COMMIT_MESSAGE_INSTRUCTIONS), userMessage([{ type: 'input_text', text: draftRequestText(opts.changes) }])];
  for await (const ev of opts.client.stream(
    { model: opts.model, instructions: '', input, tools: [], parallelToolCalls: false, promptCacheKey: opts.promptCacheKey },
    { signal: AbortSignal.timeout(DRAFT_TIMEOUT_MS) },
  )) {
    if (ev.type === 'output_text_delta') streamed += ev.delta;
    if (ev.type === 'output_item_done' && ev.item.type === 'message' && ev.item.role === 'assistant') answer = textOfMessage(ev.item);
  }
  const message = cleanCommitMessage(answer || streamed);
  if (!message) throw new Error('the model gave no commit message');
  return message;
}
