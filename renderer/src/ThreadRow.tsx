// One thread in the sidebar: its title (or the inline rename field), origin and
// folder, and its menu. Kept small: other row details belong in their own parts.
import type { Thread } from '../../shared/protocol/types.js';
import { formatCwd, formatSessionSource, threadTitle } from './format.js';
import { WorktreeBadge } from './WorktreeViews.js';
import { openThread, useStore } from './store.js';
import { ThreadMenu } from './ThreadMenu.js';
import { RenameField } from './RenameField.js';

export function ThreadRow({ thread: t, active }: { thread: Thread; active: boolean }) {
  const home = useStore((s) => s.homeDir);
  const renaming = useStore((s) => s.renaming?.threadId === t.id && s.renaming.place === 'sidebar');
  return (
    <li className={active ? 'thread-row active' : 'thread-row'} data-thread-id={t.id}>
      {renaming ? (
        <RenameField threadId={t.id} current={threadTitle(t)} />
      ) : (
        <button className={active ? 'thread active' : 'thread'} onClick={() => void openThread(t.id)} aria-current={active ? 'true' : undefined}>
          <span className="preview">{threadTitle(t)}</span>
          <span className="meta">
            <span className="badge">{formatSessionSource(t.source)}</span> <WorktreeBadge thread={t} />{' '}
            <span className="cwd" title={t.cwd}>
              {formatCwd(t.cwd, home)}
            </span>
          </span>
        </button>
      )}
      <ThreadMenu threadId={t.id} place="sidebar" />
    </li>
  );
}
