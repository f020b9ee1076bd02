import type { ThreadItem, ThreadTokenUsage } from '../../shared/protocol/types.js';
import { formatCwd, formatTokens, threadTitle } from './format.js';
import { ItemCell, PlanChecklist } from './ItemCell.js';
import { openSettings, useStore } from './store.js';
import { startupSummary } from './mcpServers.js';
import { VirtualList } from './VirtualList.js';
import { WorkspaceBar } from './WorktreeViews.js';
import { toggleReview, useReview } from './review/reviewStore.js';
import { ThreadMenu } from './ThreadMenu.js';
import { RenameField } from './RenameField.js';
import { forkThread } from './threadActions.js';
import { Welcome } from './Welcome.js';

const keyOf = (item: ThreadItem) => item.id;
const render = (item: ThreadItem) => (item.type === 'userMessage' ? <UserTurn item={item} /> : <ItemCell item={item} />);

/** A user message starts a turn: it can be forked from (history through that turn). */
function UserTurn({ item }: { item: ThreadItem }) {
  const threadId = useStore((s) => s.activeId);
  const turnId = useStore((s) => (s.activeId ? s.views[s.activeId]?.turnOfItem[item.id] : undefined));
  const running = useStore((s) => (s.activeId ? s.views[s.activeId]?.turnId : null));
  return (
    <div className="user-turn">
      <ItemCell item={item} />
      {threadId && turnId && turnId !== running && (
        <button
          type="button"
          className="link turn-action"
          onClick={() => void forkThread(threadId, turnId)}
          title="A new thread with the history through this turn"
        >
          Fork from here
        </button>
      )}
    </div>
  );
}

/** The conversation's title: the thread's name or first message; renamed inline from the menu. */
function ThreadTitle({ threadId }: { threadId: string }) {
  const thread = useStore((s) => s.threads.find((t) => t.id === threadId));
  const renaming = useStore((s) => s.renaming?.threadId === threadId && s.renaming.place === 'header');
  const title = thread ? threadTitle(thread) : '(new thread)';
  if (renaming) return <RenameField threadId={threadId} current={title} />;
  return (
    <span className="conv-title" data-testid="conversation-title" title={title}>
      {title}
    </span>
  );
}

export function ConversationView() {
  const view = useStore((s) => (s.activeId ? s.views[s.activeId] : undefined));
  const home = useStore((s) => s.homeDir);
  const mcp = useStore((s) => (s.activeId ? s.mcpStartup[s.activeId] : undefined));
  if (!view) return <Welcome />;
  return (
    <section className="conversation" aria-label="Conversation">
      <header className="conv-head">
        <ThreadTitle threadId={view.id} />
        <span className="cwd" title={view.cwd} data-testid="conversation-cwd">
          {formatCwd(view.cwd, home)}
        </span>
        {view.environmentId !== 'local' && (
          <span className={`badge env-${view.environmentState}`} data-testid="environment" title="Where this thread's commands run">
            {view.environmentId} · {view.environmentState === 'unknown' ? 'not connected yet' : view.environmentState}
          </span>
        )}
        <WorkspaceBar threadId={view.id} />
        <McpBadge entries={mcp} />
        {view.model && <span className="badge">{view.model}</span>}
        {view.settings.effort && <span className="badge">{view.settings.effort}</span>}
        {view.tokenUsage && <TokenUsage usage={view.tokenUsage} />}
        {view.turnId && <span className="badge running">working…</span>}
        <ReviewToggle />
        <ThreadMenu threadId={view.id} place="header" />
      </header>
      {view.plan && view.plan.length > 0 && <PlanChecklist plan={view.plan} explanation={view.planExplanation} />}
      <VirtualList key={view.id} className="items" label="Messages" items={view.items} keyOf={keyOf} render={render} />
      {view.notice && <div className="notice">{view.notice}</div>}
    </section>
  );
}

function ReviewToggle() {
  const open = useReview((s) => s.open);
  return (
    <button type="button" className={open ? 'link active review-toggle' : 'link review-toggle'} aria-pressed={open} onClick={toggleReview}>
      Review
    </button>
  );
}

/** The thread's MCP servers at a glance; opens Settings, where each is listed. */
function McpBadge({ entries }: { entries: Parameters<typeof startupSummary>[0] }) {
  const summary = startupSummary(entries);
  if (!summary) return null;
  return (
    <button
      type="button"
      className={`badge mcp${summary.failed ? ' failed' : ''}`}
      data-testid="mcp-badge"
      title={summary.title}
      onClick={() => void openSettings()}
    >
      {summary.text}
      {summary.failed ? ' · failed' : ''}
    </button>
  );
}

function TokenUsage({ usage }: { usage: ThreadTokenUsage }) {
  const window = usage.modelContextWindow;
  const left = window ? Math.max(0, Math.round(100 - (usage.last.inputTokens / window) * 100)) : null;
  const title = `input ${usage.total.inputTokens} (cached ${usage.total.cachedInputTokens}), output ${usage.total.outputTokens} (reasoning ${usage.total.reasoningOutputTokens})`;
  return (
    <span className="badge" data-testid="token-usage" title={title}>
      {formatTokens(usage.total.totalTokens)} tokens{left !== null ? ` · ${left}% context left` : ''}
    </span>
  );
}
