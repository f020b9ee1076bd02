// Tells the host which thread the window shows and whether the page has focus,
// each time either changes, so notifications skip the thread in view.
import type { ViewPayload } from '../../shared/ipc/api.js';

export interface ViewReportDeps {
  activeId: () => string | null;
  /** Calls back after every store change; returns the unsubscribe. */
  onStoreChange: (cb: () => void) => () => void;
  send: (view: ViewPayload) => Promise<void>;
}

export function startViewReport(deps: ViewReportDeps): () => void {
  let last = '';
  const report = () => {
    const view: ViewPayload = { threadId: deps.activeId(), focused: document.visibilityState === 'visible' && document.hasFocus() };
    const key = JSON.stringify(view);
    if (key === last) return;
    last = key;
    // A host that is gone cannot be told; the next change tries again.
    deps.send(view).catch(() => (last = ''));
  };
  const offStore = deps.onStoreChange(report);
  window.addEventListener('focus', report);
  window.addEventListener('blur', report);
  document.addEventListener('visibilitychange', report);
  report();
  return () => {
    offStore();
    window.removeEventListener('focus', report);
    window.removeEventListener('blur', report);
    document.removeEventListener('visibilitychange', report);
  };
}
