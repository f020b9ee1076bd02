// Ctrl-G: the draft opens in the user's editor ($VISUAL, else $EDITOR, run
// through the shell as Codex does so "code --wait" works); what is saved
// becomes the draft. The TUI gives the terminal to the editor meanwhile.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enterAltScreen, leaveAltScreen } from './altScreen.js';

export interface EditorTerminal {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  fullscreen: boolean;
}

/** The edited text, or an error naming what went wrong. */
export function editInExternalEditor(draft: string, env: NodeJS.ProcessEnv, term: EditorTerminal): { text: string } | { error: string } {
  const editor = env.VISUAL?.trim() || env.EDITOR?.trim();
  if (!editor) return { error: 'Ctrl-G opens your editor: set $VISUAL or $EDITOR first.' };
  const dir = mkdtempSync(join(tmpdir(), 'codex-draft-'));
  const file = join(dir, 'prompt.md');
  try {
    writeFileSync(file, draft);
    if (term.fullscreen) leaveAltScreen(term.stdout);
    if (term.stdin.isTTY) term.stdin.setRawMode(false);
    // Synchronous on purpose: nothing of ours reads the terminal while the editor has it.
    const r = spawnSync(env.SHELL || '/bin/sh', ['-c', `${editor} "$1"`, 'editor', file], { stdio: 'inherit', env });
    if (term.stdin.isTTY) term.stdin.setRawMode(true);
    if (term.fullscreen) enterAltScreen(term.stdout);
    if (r.error) return { error: `Could not start the editor (${editor}): ${r.error.message}` };
    if (r.status !== 0) return { error: `The editor (${editor}) exited with ${r.status ?? r.signal}: the draft is unchanged.` };
    return { text: readFileSync(file, 'utf8').replace(/\n$/, '') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
