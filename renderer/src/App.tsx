import { useEffect } from 'react';
import type { McpServerElicitationRequestParams } from '../../shared/protocol/types.js';
import {
  closeSettings,
  interrupt,
  newThreadLikeActive,
  openSettings,
  openThread,
  respondToServerRequest,
  setPaletteOpen,
  setPickerOpen,
  switchThread,
  useStore,
} from './store.js';
import { approvalDecisionReply, mcpToolApprovalReply } from '../../shared/protocol/approvalReplies.js';
import { matchShortcut } from './shortcuts.js';
import { formatCwd, relativePath, threadTitle } from './format.js';
import { Sidebar } from './Sidebar.js';
import { ConversationView } from './Conversation.js';
import { Composer } from './Composer.js';
import { SettingsPanel } from './SettingsPanel.js';
import { CommandPalette, IS_MAC } from './CommandPalette.js';
import { needsSignIn, useAccount } from './account.js';
import { AccountReadError, SignInScreen } from './SignIn.js';
import { ProjectTrustNotice } from './ProjectTrustNotice.js';
import { WorktreePanel } from './WorktreeViews.js';
import { ReviewPane } from './review/ReviewPane.js';
import { useReview } from './review/reviewStore.js';
import { DeleteConfirm, Toast } from './ThreadDialogs.js';
import { TerminalPanel } from './TerminalPanel.js';
import { ProjectPicker } from './ProjectPicker.js';
import { toggleTerminal } from './terminals.js';

/** The sign-in screen until the core has credentials (or the provider needs none), then the app. */
export function App() {
  useTheme();
  const read = useAccount((s) => s.read);
  const readError = useAccount((s) => s.readError);
  const signIn = useAccount(needsSignIn);
  // A failed account/read (a broken config.toml, say) does not lock the app: it says so above the conversation.
  if (!read && !readError)
    return (
      <div className="signin meta" role="status">
        Starting…
      </div>
    );
  if (signIn) return <SignInScreen />;
  return <Workspace />;
}

function Workspace() {
  const error = useStore((s) => s.error);
  const reviewing = useReview((s) => s.open);
  const readError = useAccount((s) => s.readError);
  useShortcuts();
  return (
    <div className={reviewing ? 'app reviewing' : 'app'}>
      <Sidebar />
      <main className="main">
        {readError && <AccountReadError message={readError} />}
        {error && (
          <div className="banner" role="alert">
            {error}
          </div>
        )}
        <ProjectTrustNotice />
        <ConversationView />
        <ApprovalPrompt />
        <Composer />
        <TerminalPanel />
      </main>
      <ReviewPane />
      <SettingsPanel />
      <WorktreePanel />
      <CommandPalette />
      <ProjectPicker />
      <DeleteConfirm />
      <Toast />
    </div>
  );
}

/** data-theme on <html> when the user picked one; otherwise the CSS follows prefers-color-scheme. */
function useTheme() {
  const theme = useStore((s) => s.theme);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}

function useShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Handled already (the composer's Enter, the palette's keys).
      if (e.defaultPrevented) return;
      const action = matchShortcut(e, IS_MAC);
      if (!action) return;
      const s = useStore.getState();
      switch (action) {
        case 'newThread':
          void newThreadLikeActive();
          break;
        case 'commandPalette':
          setPaletteOpen(!s.paletteOpen);
          break;
        case 'settings':
          if (s.settings.open) closeSettings();
          else void openSettings();
          break;
        case 'nextThread':
          void switchThread(1);
          break;
        case 'previousThread':
          void switchThread(-1);
          break;
        case 'toggleTerminal':
          if (s.activeId) toggleTerminal(s.activeId);
          break;
        case 'focusSearch':
          document.querySelector<HTMLInputElement>('input.search')?.focus();
          break;
        case 'interrupt':
          // Escape closes an open dialog first.
          if (s.paletteOpen) setPaletteOpen(false);
          else if (s.pickerOpen) setPickerOpen(false);
          else if (s.settings.open) closeSettings();
          else void interrupt();
          break;
        case 'send': {
          // Mod+Enter anywhere: send what the composer holds.
          const form = document.querySelector<HTMLFormElement>('form.composer');
          form?.requestSubmit();
          break;
        }
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** An MCP tool call awaiting approval: the server, the tool and its arguments, and the remember options it offers. */
function McpApprovalPrompt({ id, params }: { id: string; params: McpServerElicitationRequestParams }) {
  const meta = params._meta;
  const persist = meta?.persist ?? [];
  const args = meta?.tool_params_display;
  return (
    <div className="approval" role="dialog" aria-label="Approval request">
      <h3>Allow this MCP tool call?</h3>
      <div className="meta">
        {params.serverName} · {meta?.tool_title ?? meta?.tool_name ?? 'tool'}
      </div>
      <div className="reason">{params.message}</div>
      {meta?.tool_description && <div className="meta">{meta.tool_description}</div>}
      {args && args.length > 0 ? (
        <dl className="tool-args">
          {args.map((a) => (
            <div key={a.name}>
              <dt>{a.display_name}</dt>
              <dd>
                <code>{typeof a.value === 'string' ? a.value : JSON.stringify(a.value)}</code>
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        meta?.tool_params !== undefined && <pre className="command">{JSON.stringify(meta.tool_params, null, 2)}</pre>
      )}
      <div className="actions">
        <button onClick={() => void respondToServerRequest(id, mcpToolApprovalReply('accept'))}>Allow once</button>
        {persist.includes('session') && (
          <button onClick={() => void respondToServerRequest(id, mcpToolApprovalReply('accept', 'session'))}>Allow for session</button>
        )}
        {persist.includes('always') && <button onClick={() => void respondToServerRequest(id, mcpToolApprovalReply('accept', 'always'))}>Always allow</button>}
        <button className="deny" onClick={() => void respondToServerRequest(id, mcpToolApprovalReply('decline'))}>
          Deny
        </button>
      </div>
    </div>
  );
}

/** An approval asked by a thread other than the one in view: which one, and a way there. */
function OtherThread({ threadId }: { threadId: string }) {
  const thread = useStore((s) => s.threads.find((t) => t.id === threadId));
  return (
    <div className="meta" data-testid="approval-thread">
      Asked by “{thread ? threadTitle(thread) : threadId}”{' '}
      <button type="button" className="link" onClick={() => void openThread(threadId)}>
        Open thread
      </button>
    </div>
  );
}

function ApprovalPrompt() {
  const activeId = useStore((s) => s.activeId);
  const approvals = useStore((s) => s.approvals);
  const home = useStore((s) => s.homeDir);
  const views = useStore((s) => s.views);
  const cwdOf = (threadId: string) => views[threadId]?.cwd ?? null;
  const req = approvals.find((a) => a.params.threadId === activeId) ?? approvals[0];
  if (!req) return null;
  if (req.method === 'mcpServer/elicitation/request') return <McpApprovalPrompt id={req.id} params={req.params} />;
  const isCommand = req.method === 'item/commandExecution/requestApproval';
  return (
    <div className="approval" role="dialog" aria-label="Approval request">
      <h3>{isCommand ? 'Run this command?' : 'Apply these changes?'}</h3>
      {req.params.threadId !== activeId && <OtherThread threadId={req.params.threadId} />}
      {req.method === 'item/commandExecution/requestApproval' ? (
        <>
          <pre className="command">$ {req.params.command}</pre>
          <div className="meta" title={req.params.cwd}>
            in {formatCwd(req.params.cwd, home)}
          </div>
        </>
      ) : (
        req.params.changes.map((c) => (
          <div key={c.path}>
            <div className="path" title={c.path}>
              {relativePath(c.path, cwdOf(req.params.threadId))}
            </div>
            <pre className="diff">{c.diff}</pre>
          </div>
        ))
      )}
      {req.params.reason && <div className="reason">Reason: {req.params.reason}</div>}
      <div className="actions">
        <button onClick={() => void respondToServerRequest(req.id, approvalDecisionReply('accept'))}>{isCommand ? 'Run once' : 'Apply once'}</button>
        <button onClick={() => void respondToServerRequest(req.id, approvalDecisionReply('acceptForSession'))}>Always for session</button>
        <button className="deny" onClick={() => void respondToServerRequest(req.id, approvalDecisionReply('decline'))}>
          Deny
        </button>
      </div>
    </div>
  );
}
