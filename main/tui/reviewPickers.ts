// /review's popups, as Codex 0.169's TUI has them: the presets (against a base
// branch, uncommitted changes, a commit, custom instructions), then a
// searchable branch or commit list from the real git, or a line for the
// instructions. Each ends in a ReviewTarget that review/start runs.
import type { ClientRequestParams } from '../../shared/protocol/types.js';
import { git } from './gitDiff.js';
import { openPicker, type Picker } from './picker.js';

/** The preset rows' values. */
export const REVIEW_PRESETS = {
  baseBranch: 'baseBranch',
  uncommitted: 'uncommittedChanges',
  commit: 'commit',
  custom: 'custom',
} as const;

export type ReviewTarget = ClientRequestParams<'review/start'>['target'];

const POPUP_HINT = 'Press enter to confirm or esc to go back';

export function reviewPresetPicker(): Picker {
  return openPicker({
    id: 'review',
    title: 'Select a review preset',
    items: [
      { value: REVIEW_PRESETS.baseBranch, label: 'Review against a base branch', description: '(PR Style)' },
      { value: REVIEW_PRESETS.uncommitted, label: 'Review uncommitted changes' },
      { value: REVIEW_PRESETS.commit, label: 'Review a commit' },
      { value: REVIEW_PRESETS.custom, label: 'Custom review instructions' },
    ],
    query: null,
    hint: POPUP_HINT,
  });
}

/** Local branches, sorted, the default branch first (as Codex lists them). */
async function localBranches(cwd: string): Promise<string[]> {
  const r = await git(['branch', '--format=%(refname:short)'], cwd);
  if (r.code !== 0) return [];
  const branches = r.stdout
    .split('\n')
    .map((b) => b.trim())
    .filter(Boolean)
    .sort();
  const def = await defaultBranch(cwd, branches);
  return def ? [def, ...branches.filter((b) => b !== def)] : branches;
}

/** origin's HEAD when known, else a local main or master. */
async function defaultBranch(cwd: string, local: string[]): Promise<string | undefined> {
  const remoteHead = await git(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], cwd);
  const fromRemote = remoteHead.code === 0 ? remoteHead.stdout.trim().replace(/^origin\//, '') : '';
  if (fromRemote && local.includes(fromRemote)) return fromRemote;
  return ['main', 'master'].find((b) => local.includes(b));
}

export async function reviewBranchPicker(cwd: string): Promise<Picker> {
  const current = (await git(['branch', '--show-current'], cwd)).stdout.trim() || '(detached HEAD)';
  const branches = await localBranches(cwd);
  return openPicker({
    id: 'review-branch',
    title: 'Select a base branch',
    items: branches.map((b) => ({ value: b, label: `${current} -> ${b}`, search: b })),
    query: '',
    searchPlaceholder: 'Type to search branches',
    hint: POPUP_HINT,
  });
}

/** The newest 100 commits: subject shown, subject and sha searched. */
export async function reviewCommitPicker(cwd: string): Promise<Picker> {
  const r = await git(['log', '-n', '100', '--pretty=format:%H%x1f%s'], cwd);
  const commits =
    r.code !== 0
      ? []
      : r.stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => {
            const [sha = '', subject = ''] = l.split('\x1f');
            return { sha, subject };
          });
  return openPicker({
    id: 'review-commit',
    title: 'Select a commit to review',
    items: commits.map((c) => ({ value: c.sha, label: c.subject, search: c.sha })),
    query: '',
    searchPlaceholder: 'Type to search commits',
    hint: POPUP_HINT,
  });
}

export function reviewCustomPrompt(): Picker {
  return openPicker({ id: 'review-custom', title: 'Custom review instructions', items: [], query: '', freeText: 'Type instructions and press Enter' });
}

/** The commit picker's row value is the sha; its subject becomes the target's title. */
export function commitTarget(picker: Picker | undefined, sha: string): ReviewTarget {
  const subject = picker?.items.find((i) => i.value === sha)?.label;
  return { type: 'commit', sha, title: subject ?? null };
}
