// The review pane beside the conversation: the thread's changes (uncommitted,
// its branch against a base, or its last turn), virtualised one hunk per row;
// stage / unstage / revert per file and per hunk (revert asks first, then can
// be undone); comments on lines sent as one follow-up turn; and the findings of
// the latest agent review next to their lines, each turnable into a fix request.
import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import { VirtualList } from '../VirtualList.js';
import { PublishBar } from './PublishBar.js';
import { DraftCommitButton } from './DraftCommitButton.js';
import { DiffView } from '../DiffView.js';
import type { DiffLine } from '../diff.js';
import { useStore } from '../store.js';
import {
  findingAnchor,
  findingInHunk,
  findingPath,
  fixRequest,
  latestFindings,
  reviewRowBuilder,
  SECTION_TITLES,
  type Finding,
  type ReviewFile,
  type ReviewRow,
} from './reviewModel.js';
import {
  addComment,
  askRevert,
  cancelComment,
  cancelRevert,
  commitStaged,
  confirmRevert,
  fixFinding,
  loadDiff,
  removeComment,
  requestHunks,
  sendComments,
  setBase,
  setCommitMessage,
  setScope,
  stage,
  startAgentReview,
  startComment,
  toggleReview,
  undoRevert,
  useReview,
  type Scope,
} from './reviewStore.js';

export function ReviewPane() {
  const r = useReview();
  const activeId = useStore((s) => s.activeId);
  const items = useStore((s) => (s.activeId ? s.views[s.activeId]?.items : undefined));
  const lastTurn = useStore((s) => (s.activeId ? s.views[s.activeId]?.lastCompletedTurnId : undefined));
  // Another thread, or a turn that just ended (it may have edited files): show the diff as it is now.
  useEffect(() => {
    if (useReview.getState().open) void loadDiff();
  }, [activeId, lastTurn]);
  // Computed once per diff / per review, so scrolling re-renders only the rows that come into view.
  const findings = useMemo(() => (items ? latestFindings(items) : null), [items]);
  // Rows of files a hunk batch did not touch keep their identity: a batch costs its own files only.
  const [buildRows] = useState(reviewRowBuilder);
  const rows = useMemo(() => (r.diff ? buildRows(r.diff) : []), [r.diff, buildRows]);
  const root = r.diff?.root ?? '';
  const renderRow = useCallback((row: ReviewRow) => <Row row={row} findings={findings ?? NO_FINDINGS} root={root} />, [findings, root]);
  if (!r.open) return null;
  return (
    <aside className="review-pane" aria-label="Review">
      <header className="review-head">
        <label>
          Show
          <select aria-label="Review scope" value={r.scope} onChange={(e) => setScope(e.target.value as Scope)}>
            <option value="uncommitted">Uncommitted changes</option>
            <option value="branch">Branch vs base</option>
            <option value="lastTurn">Last turn</option>
          </select>
        </label>
        {r.scope === 'branch' && <input aria-label="Base branch" value={r.base} onChange={(e) => setBase(e.target.value)} onBlur={() => void loadDiff()} />}
        <button type="button" className="secondary" onClick={() => void loadDiff()} disabled={r.busy}>
          Refresh
        </button>
        <button type="button" className="secondary" onClick={() => void startAgentReview()} disabled={r.busy}>
          Review with agent
        </button>
        <button type="button" onClick={() => void sendComments()} disabled={r.busy || r.comments.length === 0}>
          Submit {r.comments.length} comment{r.comments.length === 1 ? '' : 's'}
        </button>
        <button type="button" className="link" aria-label="Close review" onClick={toggleReview}>
          ✕
        </button>
      </header>
      {r.status && (
        <div className="review-status" role="status">
          {r.status}
        </div>
      )}
      {r.scope === 'uncommitted' && (
        <form
          className="review-commit"
          onSubmit={(e) => {
            e.preventDefault();
            void commitStaged();
          }}
        >
          <textarea
            aria-label="Commit message"
            placeholder="Commit message"
            rows={2}
            value={r.commitMessage}
            onChange={(e) => setCommitMessage(e.target.value)}
          />
          <DraftCommitButton />
          <button type="submit" disabled={r.busy || !r.commitMessage.trim()}>
            Commit staged
          </button>
        </form>
      )}
      {r.scope !== 'lastTurn' && <PublishBar />}
      {r.confirm && (
        <div className="approval" role="dialog" aria-label="Revert changes">
          <h3>Revert {r.confirm.label}?</h3>
          <div className="meta">The working tree loses these changes; you can undo this while the app runs.</div>
          <div className="actions">
            <button className="deny" onClick={() => void confirmRevert()}>
              Revert
            </button>
            <button className="secondary" onClick={cancelRevert}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {r.undo.length > 0 && (
        <ul className="review-undo" aria-label="Reverted">
          {r.undo.map((u) => (
            <li key={u.undoId}>
              Reverted {u.label}{' '}
              <button type="button" className="secondary" onClick={() => void undoRevert(u.undoId)}>
                Undo
              </button>
            </li>
          ))}
        </ul>
      )}
      {findings && findings.length > 0 && <FindingList findings={findings} root={root} />}
      {!r.diff && r.busy && <div className="empty">Loading the diff…</div>}
      {r.diff && rows.length > 0 && rows.every((row) => row.kind === 'section' && row.count === 0) && <div className="empty">No changes.</div>}
      <VirtualList className="review-rows" label="Changes" follow={false} items={rows} keyOf={keyOfRow} estimate={120} render={renderRow} />
    </aside>
  );
}

const NO_FINDINGS: Finding[] = [];
const keyOfRow = (row: ReviewRow) => row.key;

function FindingList({ findings, root }: { findings: Finding[]; root: string }) {
  return (
    <ul className="review-findings" aria-label="Findings">
      {findings.map((f, i) => (
        <li key={i}>
          <FindingCard finding={f} root={root} />
        </li>
      ))}
    </ul>
  );
}

function FindingCard({ finding, root }: { finding: Finding; root: string }) {
  const { start, end } = finding.code_location.line_range;
  return (
    <div className="finding" data-testid="finding">
      <div className="finding-title">{finding.title}</div>
      <div className="meta">
        {findingPath(finding, root)}:{start === end ? start : `${start}-${end}`}
      </div>
      <div className="finding-body">{finding.body}</div>
      <button type="button" className="secondary" onClick={() => void fixFinding(fixRequest(finding, root))}>
        Fix this
      </button>
    </div>
  );
}

const Row = memo(function Row({ row, findings, root }: { row: ReviewRow; findings: Finding[]; root: string }) {
  if (row.kind === 'section') {
    return (
      <h3 className="review-section">
        {SECTION_TITLES[row.section]} · {row.count} file{row.count === 1 ? '' : 's'}
      </h3>
    );
  }
  if (row.kind === 'file') {
    return (
      <div className="review-file" data-testid="review-file" data-path={row.file.path} data-section={row.section}>
        <code>{row.file.path}</code>
        <span className="badge">{row.file.untracked ? 'untracked' : row.file.status}</span>
        {row.file.hunks && <LineStats file={row.file} />}
        <Actions section={row.section} path={row.file.path} hunk={null} fingerprint={row.file.fingerprint ?? null} what={`file ${row.file.path}`} />
      </div>
    );
  }
  if (row.kind === 'pending') return <PendingHunks section={row.section} path={row.file.path} />;
  return <HunkRow row={row} findings={findings} root={root} />;
});

function LineStats({ file }: { file: ReviewFile }) {
  if (file.binary) return <span className="meta">binary</span>;
  return (
    <span className="meta review-stats">
      <span className="added">+{file.added ?? 0}</span> <span className="removed">−{file.removed ?? 0}</span>
    </span>
  );
}

/** On screen without its hunks: asks for them once per diff loaded (the list mounts it only near the viewport). */
function PendingHunks({ section, path }: { section: ReviewRow['section']; path: string }) {
  const load = useReview((s) => s.diffLoad);
  useEffect(() => requestHunks(load, section, path), [load, section, path]);
  return (
    <div className="review-pending" data-testid="review-pending" data-path={path}>
      Loading hunks…
    </div>
  );
}

/** Stage / unstage / revert where they make sense: unstaged changes stage or revert, staged ones unstage. */
function Actions({
  section,
  path,
  hunk,
  fingerprint,
  what,
}: {
  section: ReviewRow['section'];
  path: string;
  hunk: Extract<ReviewRow, { kind: 'hunk' }>['hunk'] | null;
  fingerprint: string | null;
  what: string;
}) {
  const busy = useReview((s) => s.busy);
  if (section === 'unstaged') {
    return (
      <span className="review-actions">
        <button type="button" className="secondary" disabled={busy} aria-label={`Stage ${what}`} onClick={() => void stage(path, hunk, false, fingerprint)}>
          Stage
        </button>
        <button type="button" className="deny" disabled={busy} aria-label={`Revert ${what}`} onClick={() => askRevert(path, hunk, fingerprint)}>
          Revert
        </button>
      </span>
    );
  }
  if (section === 'staged') {
    return (
      <span className="review-actions">
        <button type="button" className="secondary" disabled={busy} aria-label={`Unstage ${what}`} onClick={() => void stage(path, hunk, true, fingerprint)}>
          Unstage
        </button>
      </span>
    );
  }
  return null;
}

function HunkRow({ row, findings, root }: { row: Extract<ReviewRow, { kind: 'hunk' }>; findings: Finding[]; root: string }) {
  const commenting = useReview((s) => s.commenting);
  const comments = useReview((s) => s.comments);
  const mine = findings.filter((f) => findingPath(f, root) === row.file.path && findingInHunk(f, row.hunk));
  const path = row.file.path;
  const sideOf = (l: DiffLine): 'old' | 'new' => (l.newNo === null ? 'old' : 'new');
  const numberOf = (l: DiffLine) => l.newNo ?? l.oldNo ?? 0;
  const below = (l: DiffLine) => {
    if (l.kind === 'hunk' || l.kind === 'meta') return null;
    const side = sideOf(l);
    const n = numberOf(l);
    const here = comments.filter((c) => c.path === path && c.line === n && c.side === side);
    const found = side === 'new' ? mine.filter((f) => findingAnchor(f, row.hunk) === n) : [];
    const editing = commenting && commenting.path === path && commenting.line === n && commenting.side === side;
    if (!here.length && !found.length && !editing) return null;
    return (
      <div className="line-notes">
        {found.map((f, i) => (
          <FindingCard key={`f${i}`} finding={f} root={root} />
        ))}
        {here.map((c) => (
          <div key={c.id} className="comment" data-testid="pending-comment">
            {c.body}{' '}
            <button type="button" className="link" onClick={() => removeComment(c.id)}>
              Remove
            </button>
          </div>
        ))}
        {editing && <CommentEditor />}
      </div>
    );
  };
  return (
    <div className="review-hunk" data-testid="review-hunk" data-path={path} data-section={row.section}>
      <div className="review-hunk-head">
        <span>Hunk {row.index + 1}</span>
        <Actions section={row.section} path={path} hunk={row.hunk} fingerprint={row.file.fingerprint ?? null} what={`hunk ${row.index + 1} of ${path}`} />
      </div>
      <DiffView diff={row.hunk.text} mode="unified" onLine={(l) => startComment(path, numberOf(l), sideOf(l))} below={below} />
    </div>
  );
}

function CommentEditor() {
  const [text, setText] = useState('');
  return (
    <form
      className="comment-editor"
      onSubmit={(e) => {
        e.preventDefault();
        addComment(text);
      }}
    >
      <textarea aria-label="Comment" autoFocus value={text} onChange={(e) => setText(e.target.value)} rows={2} />
      <button type="submit" disabled={!text.trim()}>
        Add comment
      </button>
      <button type="button" className="secondary" onClick={cancelComment}>
        Cancel
      </button>
    </form>
  );
}
