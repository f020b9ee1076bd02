// Settings › Updates: the app's version, "Check for updates", what the updater is
// doing (pushed by the host as it goes), and "Restart to update" once a verified
// update is downloaded. The host decides everything; this only shows and asks.
import { useEffect, useState } from 'react';
import type { UpdateStatus } from '../../shared/ipc/api.js';

export function describeUpdate(s: UpdateStatus): string {
  switch (s.state) {
    case 'idle':
      return 'Not checked yet';
    case 'unavailable':
      return `Automatic updates are off: ${s.message ?? 'not available'}`;
    case 'checking':
      return 'Checking for updates…';
    case 'up-to-date':
      return s.message ? `${s.message}; up to date` : 'Up to date';
    case 'downloading':
      return s.progress && s.progress.total > 0
        ? `Downloading ${s.version} (${Math.floor((100 * s.progress.transferred) / s.progress.total)}%)…`
        : `Downloading ${s.version}…`;
    case 'ready':
      return `Version ${s.version} is ready; it installs when the app restarts`;
    case 'error':
      return `Update failed: ${s.message ?? 'unknown error'}`;
  }
}

/** A host without an updater (the browser build's `codex web`, a test host) answers -32601: a fact to state, not an error. */
const NO_UPDATER = -32601;

export function UpdateSettings() {
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [noUpdater, setNoUpdater] = useState<string | null>(null);
  useEffect(() => {
    const off = window.codex.onUpdateStatus(setStatus);
    window.codex.updateStatus().then(setStatus, (err: Error & { code?: unknown }) => {
      if (err.code === NO_UPDATER) setNoUpdater(`Automatic updates are off: ${err.message}`);
      else setError(err.message);
    });
    return off;
  }, []);
  const act = (call: () => Promise<UpdateStatus>) => {
    setError(null);
    call().then(setStatus, (err: Error) => setError(err.message));
  };
  const busy = status?.state === 'checking' || status?.state === 'downloading';
  return (
    <fieldset className="updates" aria-label="Updates">
      <legend>Updates</legend>
      <div className="meta">Version {status?.currentVersion ?? '…'}</div>
      {status && (
        <div className="meta" role="status" aria-label="Update status">
          {describeUpdate(status)}
        </div>
      )}
      {/* A fixed fact, not a live region: it never changes while Settings is open. */}
      {noUpdater && <div className="meta">{noUpdater}</div>}
      {error && (
        <div className="meta" role="alert">
          {error}
        </div>
      )}
      <div className="actions">
        <button
          type="button"
          className="secondary"
          disabled={!status || busy || status.state === 'unavailable'}
          onClick={() => act(() => window.codex.checkForUpdates())}
        >
          Check for updates
        </button>
        {status?.state === 'ready' && (
          <button type="button" onClick={() => act(() => window.codex.restartToUpdate())}>
            Restart to update
          </button>
        )}
      </div>
    </fieldset>
  );
}
