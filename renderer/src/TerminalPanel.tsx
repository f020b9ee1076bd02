// The terminal panel under the conversation: the active thread's tabs, each
// the user's shell in the thread's folder; a drag handle on top resizes it.
import { useEffect, useRef } from 'react';
import { useStore } from './store.js';
import {
  attachTerminal,
  closeTerminal,
  isToggleKey,
  keyInput,
  MIN_PANEL_HEIGHT,
  sendInput,
  newTerminal,
  selectTerminal,
  setPanelHeight,
  toggleTerminal,
  useTerminals,
} from './terminals.js';
import { mirrorBlockedStyles } from './cspStyles.js';

export function TerminalPanel() {
  const threadId = useStore((s) => s.activeId);
  const open = useTerminals((s) => (threadId ? Boolean(s.open[threadId]) : false));
  const tabs = useTerminals((s) => s.tabs);
  const active = useTerminals((s) => (threadId ? s.active[threadId] : undefined));
  const height = useTerminals((s) => s.height);
  const error = useTerminals((s) => s.error);
  if (!threadId || !open) return null;
  const mine = tabs.filter((t) => t.threadId === threadId);
  return (
    <section className="terminal-panel" aria-label="Terminal" style={{ height }}>
      <ResizeHandle height={height} />
      <div className="terminal-tabs" role="tablist" aria-label="Terminals">
        {mine.map((t) => (
          <div key={t.processId} className={`terminal-tab${t.processId === active ? ' active' : ''}`}>
            <button role="tab" aria-selected={t.processId === active} onClick={() => selectTerminal(threadId, t.processId)}>
              {t.title}
              {t.exited ? ' (exited)' : ''}
            </button>
            <button className="terminal-close" aria-label={`Close ${t.title}`} onClick={() => void closeTerminal(t.processId)}>
              ×
            </button>
          </div>
        ))}
        <button className="terminal-new" aria-label="New terminal" onClick={() => newTerminal(threadId)}>
          +
        </button>
        <span className="terminal-spacer" />
        <button className="terminal-hide" aria-label="Hide terminal" onClick={() => toggleTerminal(threadId)}>
          ▾
        </button>
      </div>
      {error && <div className="terminal-error">{error}</div>}
      {active && <TerminalView key={active} processId={active} />}
    </section>
  );
}

function TerminalView({ processId }: { processId: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const stopStyles = mirrorBlockedStyles(el);
    // Keys typed before xterm.js has loaded land here, not in the composer (see onKeyDown).
    el.focus();
    const detach = attachTerminal(processId, el);
    return () => {
      detach();
      stopStyles();
    };
  }, [processId]);
  return (
    <div
      className="terminal-view"
      ref={ref}
      tabIndex={-1}
      data-testid="terminal-view"
      data-process-id={processId}
      onKeyDown={(e) => {
        // Only while the panel itself has the focus: once xterm.js is in, its own textarea takes the keys.
        if (e.target !== e.currentTarget || isToggleKey(e)) return;
        const data = keyInput(e);
        if (data === null) return;
        e.preventDefault();
        sendInput(processId, data);
      }}
    />
  );
}

function ResizeHandle({ height }: { height: number }) {
  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    const startY = e.clientY;
    const startHeight = height;
    const target = e.currentTarget;
    target.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => setPanelHeight(Math.min(window.innerHeight - 160, Math.max(MIN_PANEL_HEIGHT, startHeight + (startY - ev.clientY))));
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  };
  return <div className="terminal-resize" role="separator" aria-orientation="horizontal" aria-label="Resize terminal" onPointerDown={onPointerDown} />;
}
