import { useEffect, useRef, useState } from 'react';
import type { AskForApproval, ReasoningEffort, SandboxMode } from '../../shared/protocol/types.js';
import {
  addAttachment,
  interrupt,
  pick,
  removeAttachment,
  sendMessage,
  useStore,
  queueMessage,
  removeQueued,
  runShellCommand,
  sendQueuedNow,
  steerMessage,
} from './store.js';
import { SlashMenu, useSlashMenu } from './SlashMenu.js';
import { APPROVAL_POLICIES, MAX_IMAGE_BYTES, SANDBOX_MODES, KNOWN_MODELS, REASONING_EFFORTS } from './turnOptions.js';
import { effortChoices, modelChoices } from './modelPicker.js';
import { Icon } from './icons.js';
import { useMentionPicker } from './MentionPicker.js';

let nextAttachment = 1;

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error ?? new Error(`cannot read ${file.name}`));
    r.readAsDataURL(file);
  });
}

/** Text put into the composer from outside (edit last message), taken once per fill. */
function useComposerFill(threadId: string | undefined, apply: (text: string) => void) {
  const fill = useStore((s) => s.composerFill);
  const taken = useRef(0);
  useEffect(() => {
    if (!fill || fill.seq === taken.current || fill.threadId !== threadId) return;
    taken.current = fill.seq;
    apply(fill.text);
  });
}

export function Composer() {
  const view = useStore((s) => (s.activeId ? s.views[s.activeId] : undefined));
  const attachments = useStore((s) => s.attachments);
  const models = useStore((s) => s.models);
  const [text, setText] = useState('');
  const [attachError, setAttachError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const messageInput = useRef<HTMLTextAreaElement>(null);
  const mentions = useMentionPicker(messageInput, text, setText, view?.cwd ?? null);
  useComposerFill(view?.id, (fill) => {
    setText(fill);
    messageInput.current?.focus();
  });
  const slash = useSlashMenu(text, setText);
  if (!view) return null;
  const picked = view.picked;
  // The composer stays live while a turn runs: Enter steers the turn, Tab queues a follow-up.
  const running = view.turnId !== null;
  const canSend = text.trim() !== '' || attachments.length > 0;
  // `!cmd` runs a shell command in the thread's folder (as in Codex), running turn or not.
  const shellCommand = text.startsWith('!') ? text.slice(1).trim() : null;
  const submit = async () => {
    if (!canSend || shellCommand === '') return;
    const sent = text;
    setText('');
    const ok = shellCommand !== null ? await runShellCommand(shellCommand) : await (running ? steerMessage(sent) : sendMessage(sent));
    if (!ok) setText(sent);
  };
  const queue = () => {
    if (canSend && queueMessage(text)) setText('');
  };
  const attach = async (files: FileList | null) => {
    setAttachError(null);
    for (const f of Array.from(files ?? [])) {
      if (!f.type.startsWith('image/')) {
        setAttachError(`${f.name} is not an image`);
        continue;
      }
      if (f.size > MAX_IMAGE_BYTES) {
        setAttachError(`${f.name} is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB`);
        continue;
      }
      addAttachment({ id: `att-${nextAttachment++}`, name: f.name, url: await readAsDataUrl(f) });
    }
    if (fileInput.current) fileInput.current.value = '';
  };
  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="pickers">
        <span className="picker">
          <span className="picker-label">Model</span>
          <select aria-label="Model" value={picked.model} onChange={(e) => pick({ model: e.target.value })}>
            {modelChoices(models, picked.model).map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
        </span>
        <span className="picker">
          <span className="picker-label">Reasoning</span>
          <select
            aria-label="Reasoning effort"
            value={picked.effort ?? ''}
            onChange={(e) => pick({ effort: (e.target.value || null) as ReasoningEffort | null })}
          >
            <option value="">default</option>
            {effortChoices(models, picked.model).map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </span>
        <span className="picker">
          <span className="picker-label">Sandbox</span>
          <select aria-label="Turn sandbox" value={picked.sandbox} onChange={(e) => pick({ sandbox: e.target.value as SandboxMode })}>
            {SANDBOX_MODES.map((m) => (
              <option key={m} value={m}>
                {m === 'danger-full-access' ? 'full access' : m}
              </option>
            ))}
          </select>
        </span>
        <span className="picker">
          <span className="picker-label">Approval</span>
          <select aria-label="Turn approval policy" value={picked.approvalPolicy} onChange={(e) => pick({ approvalPolicy: e.target.value as AskForApproval })}>
            {APPROVAL_POLICIES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </span>
        <button type="button" className="link" onClick={() => fileInput.current?.click()} title="Attach images">
          <Icon name="attach" /> Attach
        </button>
        <input ref={fileInput} type="file" accept="image/*" multiple hidden aria-label="Attach images" onChange={(e) => void attach(e.target.files)} />
      </div>
      {(attachments.length > 0 || attachError) && (
        <div className="attachments" aria-label="Attachments">
          {attachments.map((a) => (
            <span key={a.id} className="attachment-chip">
              <img src={a.url} alt={a.name} />
              <button type="button" className="link" aria-label={`Remove ${a.name}`} onClick={() => removeAttachment(a.id)}>
                <Icon name="close" size={12} />
              </button>
            </span>
          ))}
          {attachError && <span className="reason">{attachError}</span>}
        </div>
      )}
      {view.queued.length > 0 && (
        <ul className="queued" aria-label="Queued messages">
          {view.queued.map((q) => (
            <li key={q.id} data-testid="queued-message">
              <span className="queued-text">{q.text || `${q.input.length} image(s)`}</span>
              {!running && (
                <button type="button" className="link" onClick={() => void sendQueuedNow(view.id, q.id)}>
                  Start now
                </button>
              )}
              <button type="button" className="link" aria-label={`Remove queued message: ${q.text}`} onClick={() => removeQueued(view.id, q.id)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="input-row">
        {mentions.popup}
        <SlashMenu menu={slash} />
        <textarea
          ref={messageInput}
          aria-label="Message"
          value={text}
          placeholder={
            running ? 'Steer the running turn (Enter) or queue a follow-up (Tab)…' : 'Ask Codex… (/ for commands, @ mentions a file, !cmd runs a shell command)'
          }
          onChange={(e) => {
            setText(e.target.value);
            mentions.onCursor();
          }}
          onSelect={mentions.onCursor}
          onKeyDown={(e) => {
            if (slash.onKeyDown(e)) return;
            if (mentions.onKeyDown(e)) return;
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              void submit();
            } else if (e.key === 'Tab' && !e.shiftKey && running && canSend) {
              // As the Codex TUI: Tab queues while a turn runs (otherwise it moves focus as usual).
              e.preventDefault();
              queue();
            }
          }}
        />
        {running ? (
          <>
            <button type="submit" disabled={!canSend} title="Add to the running turn (Enter)">
              Steer
            </button>
            <button type="button" disabled={!canSend} onClick={queue} title="Send when this turn ends (Tab)">
              Queue
            </button>
            <button type="button" className="deny" onClick={() => void interrupt()}>
              Interrupt
            </button>
          </>
        ) : (
          <button type="submit" disabled={!canSend}>
            Send
          </button>
        )}
      </div>
    </form>
  );
}
