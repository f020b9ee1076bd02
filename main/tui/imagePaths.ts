// Images by path: a word of the prompt that names an existing image file
// (absolute, ~/…, or relative to the thread directory) is attached to the
// prompt as that image, as a dragged-in or pasted path is in Codex's TUI.
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';

const IMAGE = /\.(png|jpe?g|gif|webp)$/i;

export function imagePathsIn(text: string, cwd: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\s+/)) {
    const word = raw.replace(/^['"]|['"]$/g, '');
    if (!IMAGE.test(word)) continue;
    const path = word.startsWith('~/') ? resolve(homedir(), word.slice(2)) : resolve(cwd, word);
    if (!out.includes(path) && existsSync(path) && statSync(path).isFile()) out.push(path);
  }
  return out;
}
