import { useState } from 'react';
import type { AskForApproval, SandboxMode } from '../../main/protocol/types.js';
import { answerApproval, interrupt, newThread, openThread, refreshThreads, sendMessage, useStore } from './store.js';
import { ItemCell, PlanChecklist } from './items.js';

export function App() {
  const error = useStore((s) => s.error);
  return (
    <div className="app">
      <Sidebar />
      <main className="main">
        {error && (
          <div className="banner" role="alert">
            {error}
          </div>
        )}
        <ConversationView />
        <ApprovalPrompt />
        <Composer />
      </main>
    </div>
  );
}

function Sidebar() {
  const threads = useStore((s) => s.threads);
  const activeId = useStore((s) => s.activeId);
  const [cwd, setCwd] = useState('');
  const [sandbox, setSandbox] = useState<SandboxMode>('workspace-write');
  const [approval, setApproval] = useState<AskForApproval>('on-request');
  return (
    <aside className="sidebar">
      <form
        className="new-thread"
        onSubmit={(e) => {
          e.preventDefault();
          void newThread({ cwd: cwd.trim(), sandbox, approvalPolicy: approval });
        }}
      >
        <label>
          Working directory
          <input value={cwd} onChange={(e) => setCwd(e.target.value)} placeholder="/path/to/project" spellCheck={false} />
        </label>
        <div className="row">
          <label>
            Sandbox
            <select value={sandbox} onChange={(e) => setSandbox(e.target.value as SandboxMode)}>
              <option value="read-only">read-only</option>
              <option value="workspace-write">workspace-write</option>
              <option value="danger-full-access">full access</option>
            </select>
          </label>
          <label>
            Approval
            <select value={approval} onChange={(e) => setApproval(e.target.value as AskForApproval)}>
              <option value="untrusted">untrusted</option>
              <option value="on-request">on-request</option>
              <option value="on-failure">on-failure</option>
              <option value="never">never</option>
            </select>
          </label>
        </div>
        <button type="submit">New thread</button>
      </form>
      <div className="threads-head">
        <span>Threads</span>
        <button className="link" onClick={() => void refreshThreads()} title="Refresh">
          ↻
        </button>
      </div>
      <ul className="threads" aria-label="Threads">
        {threads.map((t) => (
          <li key={t.id}>
            <button className={t.id === activeId ? 'thread active' : 'thread'} onClick={() => void openThread(t.id)}>
              <span className="preview">{t.preview || '(new thread)'}</span>
              <span className="meta">
                <span className="badge">{t.source}</span> {t.cwd}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}

function ConversationView() {
  const view = useStore((s) => (s.activeId ? s.views[s.activeId] : undefined));
  if (!view) return <div className="empty">Start a new thread or pick one from the list.</div>;
  return (
    <section className="conversation" aria-label="Conversation">
      <header className="conv-head">
        <span className="cwd">{view.cwd}</span>
        {view.model && <span className="badge">{view.model}</span>}
        {view.turnId && <span className="badge running">working…</span>}
      </header>
      {view.plan && <PlanChecklist plan={view.plan} />}
      {view.items.map((item) => (
        <ItemCell key={item.id} item={item} />
      ))}
      {view.notice && <div className="notice">{view.notice}</div>}
    </section>
  );
}

function ApprovalPrompt() {
  const activeId = useStore((s) => s.activeId);
  const approvals = useStore((s) => s.approvals);
  const req = approvals.find((a) => a.params.threadId === activeId) ?? approvals[0];
  if (!req) return null;
  const isCommand = req.method === 'item/commandExecution/requestApproval';
  return (
    <div className="approval" role="dialog" aria-label="Approval request">
      <h3>{isCommand ? 'Run this command?' : 'Apply these changes?'}</h3>
      {req.method === 'item/commandExecution/requestApproval' ? (
        <>
          <pre className="command">$ {req.params.command}</pre>
          <div className="meta">in {req.params.cwd}</div>
        </>
      ) : (
        req.params.changes.map((c) => (
          <div key={c.path}>
            <div className="path">{c.path}</div>
            <pre className="diff">{c.diff}</pre>
          </div>
        ))
      )}
      {req.params.reason && <div className="reason">Reason: {req.params.reason}</div>}
      <div className="actions">
        <button onClick={() => void answerApproval(req.id, 'accept')}>{isCommand ? 'Run once' : 'Apply once'}</button>
        <button onClick={() => void answerApproval(req.id, 'acceptForSession')}>Always for session</button>
        <button className="deny" onClick={() => void answerApproval(req.id, 'decline')}>
          Deny
        </button>
      </div>
    </div>
  );
}

function Composer() {
  const view = useStore((s) => (s.activeId ? s.views[s.activeId] : undefined));
  const [text, setText] = useState('');
  if (!view) return null;
  const submit = () => {
    if (!text.trim() || view.turnId) return;
    void sendMessage(text);
    setText('');
  };
  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <textarea
        aria-label="Message"
        value={text}
        placeholder="Ask Codex…"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            submit();
          }
        }}
      />
      {view.turnId ? (
        <button type="button" className="deny" onClick={() => void interrupt()}>
          Interrupt
        </button>
      ) : (
        <button type="submit" disabled={!text.trim()}>
          Send
        </button>
      )}
    </form>
  );
}
