// Push and pull request from the review pane, beside the commit box: "Push"
// sends the thread's branch to its upstream (setting it on the first push to
// origin); "Create pull request" goes through gh, or, when gh is missing or
// logged out, says so and shows the exact command to run.
import { createPullRequest, pushBranch, setPullRequestTitle, useReview } from './reviewStore.js';

export function PublishBar() {
  const busy = useReview((s) => s.busy);
  const title = useReview((s) => s.prTitle);
  const publish = useReview((s) => s.publish);
  return (
    <div className="review-publish">
      <div className="review-publish-row">
        <button type="button" className="secondary" disabled={busy} onClick={() => void pushBranch()}>
          Push
        </button>
        <input
          aria-label="Pull request title"
          placeholder="Pull request title (empty: from the commits)"
          value={title}
          onChange={(e) => setPullRequestTitle(e.target.value)}
        />
        <button type="button" className="secondary" disabled={busy} onClick={() => void createPullRequest()}>
          Create pull request
        </button>
      </div>
      {publish && (
        <div className="review-publish-result" data-testid="publish-result">
          {publish.text}
          {publish.url && (
            <>
              {' '}
              <a href={publish.url} target="_blank" rel="noreferrer">
                {publish.url}
              </a>
            </>
          )}
          {publish.command && <pre className="review-command">{publish.command}</pre>}
        </div>
      )}
    </div>
  );
}
