// Settings › Report a problem: the host asks where to save, then writes logs and
// config with secrets redacted; the folder is shown so the user can attach it.
import { useState } from 'react';

export function ReportProblem() {
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setStatus(null);
    try {
      const dir = await window.codex.reportProblem();
      setStatus(dir ? `Saved to ${dir} (API keys, tokens and server env values are redacted; check before sharing)` : 'Cancelled');
    } catch (err) {
      setStatus(`Could not save the report: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <fieldset className="report-problem" aria-label="Report a problem">
      <legend>Report a problem</legend>
      <p className="meta">Saves config.toml and the logs, with secrets redacted, to a folder you choose. Sign-in data and conversations are not included.</p>
      <button type="button" className="secondary" disabled={busy} onClick={() => void run()}>
        {busy ? 'Saving…' : 'Save a problem report…'}
      </button>
      {status && (
        <div className="meta" role="status">
          {status}
        </div>
      )}
    </fieldset>
  );
}
