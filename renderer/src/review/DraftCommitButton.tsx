// "Draft with agent" beside the review pane's commit box: asks the model for a
// message describing the staged changes (review/draftCommitMessage) and puts
// it in the box, where the user reads and edits it before committing.
import type { ReactElement } from 'react';
import { setCommitMessage, useReview } from './reviewStore.js';
import { useStore } from '../store.js';

async function draftCommitMessage(): Promise<void> {
  const threadId = useStore.getState().activeId;
  if (!threadId) return;
  useReview.setState({ busy: true, status: 'Drafting a commit message…' });
  try {
    const r = await window.codex.request('review/draftCommitMessage', { threadId });
    setCommitMessage(r.message);
    useReview.setState({
      status: r.source === 'staged' ? 'Drafted from the staged changes: edit it, then commit' : 'Nothing is staged: drafted from all uncommitted changes',
    });
  } catch (err) {
    useReview.setState({ status: `Drafting the commit message failed: ${(err as Error).message}` });
  } finally {
    useReview.setState({ busy: false });
  }
}

export function DraftCommitButton(): ReactElement {
  const busy = useReview((s) => s.busy);
  return (
    <button type="button" className="link" disabled={busy} onClick={() => void draftCommitMessage()}>
      Draft with agent
    </button>
  );
}
