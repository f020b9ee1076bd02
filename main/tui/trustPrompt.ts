// The folder-trust question the TUI asks before its first thread, in Codex
// 0.169's words and choices (tui/src/onboarding/trust_directory.rs): "Trust
// and continue" saves `[projects."<repo root>"] trust_level = "trusted"`
// through the locked config writer, "Quit" leaves; a folder marked untrusted
// offers "Open restricted" (its .codex/config.toml stays ignored) instead.
// Asked only when the folder has a `.codex/` config that trust would turn on.
import path from 'node:path';
import { span, wrapLine, type Line } from './styledLine.js';

export interface TrustPrompt {
  /** Where the TUI runs. */
  cwd: string;
  /** What trusting names: the repository root, else the project root. */
  target: string;
  /** The folder is marked `trust_level = "untrusted"`: it can only be opened restricted. */
  restricted: boolean;
  /** 0: the first choice (trust, or open restricted); 1: quit. */
  highlighted: 0 | 1;
  /** Why saving the trust failed, shown under the choices. */
  error: string | null;
}

export type TrustChoice = 'trust' | 'quit';

/** The question for `cwd`, or null when there is nothing to ask (trusted, or no project config to turn on). */
export async function trustPromptFor(codexHome: string, cwd: string): Promise<TrustPrompt | null> {
  const [{ readTomlFile }, { loadProjectLayers, projectTrust }] = await Promise.all([
    import('../core/config/tomlFile.js'),
    import('../core/config/projectLayers.js'),
  ]);
  const configFile = path.join(codexHome, 'config.toml');
  const merged = readTomlFile(configFile) ?? {};
  const trust = projectTrust(cwd, merged);
  const { level } = trust.levelFor(cwd);
  if (level === 'trusted') return null;
  const ignored = loadProjectLayers({ cwd, codexHome, userConfigFile: configFile, merged }).some((l) => l.text !== null && l.disabledReason !== null);
  if (!ignored) return null;
  return { cwd, target: trust.trustKey, restricted: level === 'untrusted', highlighted: 0, error: null };
}

export function trustPromptLines(p: TrustPrompt, width: number): Line[] {
  const para = (text: string, style?: Parameters<typeof span>[1]) => wrapLine([span(text, style)], width - 2).map((l) => [span('  '), ...l]);
  const lines: Line[] = [[span('> '), span('You are in ', { bold: true }), span(p.cwd)], []];
  if (!p.restricted && p.cwd !== p.target) {
    lines.push(...para(`Note: You’re in a subdirectory of a Git project. Trusting will apply to the repository root: ${p.target}`, { color: 'yellow' }), []);
  }
  lines.push(
    ...para(
      p.restricted
        ? 'Config, hooks, and exec policies from untrusted folders stay disabled. Trusted project folders can still contribute settings. Skills still load, and tools follow your permission settings. Opening will not change saved trust.'
        : 'Trust this folder? Codex can read, edit, and run files here, subject to your permission settings. Folder settings can run code automatically, even without a model request. Continue only if you trust these files. Your trust decision will be saved.',
    ),
    [],
  );
  const options = [p.restricted ? 'Open restricted' : 'Trust and continue', 'Quit'];
  options.forEach((o, i) => lines.push(i === p.highlighted ? [span(`› ${i + 1}. ${o}`, { color: 'cyan' })] : [span(`  ${i + 1}. ${o}`)]));
  lines.push([]);
  if (p.error) lines.push(...para(p.error, { color: 'red' }), []);
  lines.push([span('  Press '), span('enter'), span(' to continue; esc to quit', { dim: true })]);
  return lines;
}

/**
 * Keys on the question, as Codex's: Up/Down (k/j) move, `1` only highlights the
 * first choice (a stray terminal reply must not grant trust), `2`, q, Esc and
 * Ctrl-C quit, Enter takes the highlighted choice.
 */
export function trustKey(
  p: TrustPrompt,
  input: string,
  key: { upArrow: boolean; downArrow: boolean; return: boolean; escape: boolean; ctrl: boolean },
): TrustPrompt | TrustChoice {
  if (key.upArrow || input === 'k' || input === '1') return { ...p, highlighted: 0 };
  if (key.downArrow || input === 'j') return { ...p, highlighted: 1 };
  if (input === '2' || input === 'q' || key.escape || (key.ctrl && input === 'c')) return 'quit';
  if (key.return) return p.highlighted === 0 ? 'trust' : 'quit';
  return p;
}
