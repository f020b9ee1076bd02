// The thread menu's follow-ups: the delete confirmation (naming the thread) and
// the toast (archived, with Undo; forked; deleted).
import { useEffect } from 'react';
import { threadTitle } from './format.js';
import { useStore } from './store.js';
import { cancelDelete, confirmDeleteThread, dismissToast } from './threadActions.js';
import { Icon } from './icons.js';

const TOAST_MS = 10_000;

export function DeleteConfirm() {
  const threadId = useStore((s) => s.confirmDelete);
  const thread = useStore((s) => s.threads.find((t) => t.id === s.confirmDelete));
  if (!threadId) return null;
  const title = thread ? threadTitle(thread) : threadId;
  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && cancelDelete()}>
      <div
        className="confirm"
        role="alertdialog"
        aria-label="Delete thread"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            cancelDelete();
          }
        }}
      >
        <h3>Delete “{title}”?</h3>
        <p>Its session file is removed from disk. This cannot be undone; archive it instead to keep it.</p>
        <div className="actions">
          <button type="button" className="secondary" autoFocus onClick={cancelDelete}>
            Cancel
          </button>
          <button type="button" className="deny" onClick={() => void confirmDeleteThread()}>
            Delete
          </button>
        </div>
      </div>
    </div>
  );
}

export function Toast() {
  const toast = useStore((s) => s.toast);
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => {
      if (useStore.getState().toast === toast) dismissToast();
    }, TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);
  if (!toast) return null;
  const action = toast.action;
  return (
    <div className="toast" role="status">
      <span>{toast.text}</span>
      {action && (
        <button type="button" className="link" onClick={() => void action.run()}>
          {action.label}
        </button>
      )}
      <button type="button" className="link" aria-label="Dismiss" onClick={dismissToast}>
        <Icon name="close" size={12} />
      </button>
    </div>
  );
}
