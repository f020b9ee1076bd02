import type { AskForApproval, ReasoningEffort, SandboxMode } from '../../main/protocol/types.js';
import { closeSettings, editSettings, saveSettings, setTheme, useStore, type Theme } from './store.js';
import { APPROVAL_POLICIES, KNOWN_MODELS, REASONING_EFFORTS, SANDBOX_MODES } from './turnOptions.js';

/** Settings stored in config.toml (written in place by the core) plus the local theme. */
export function SettingsPanel() {
  const { open, draft, status } = useStore((s) => s.settings);
  const theme = useStore((s) => s.theme);
  if (!open) return null;
  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && closeSettings()}>
      <form
        className="settings"
        role="dialog"
        aria-label="Settings"
        onSubmit={(e) => {
          e.preventDefault();
          void saveSettings();
        }}
      >
        <h2>Settings</h2>
        {!draft ? (
          <div className="meta">Reading config.toml…</div>
        ) : (
          <>
            <p className="meta">Saved to config.toml; only the settings you change are rewritten, comments and the rest stay as they are.</p>
            <label>
              Default model
              <input list="settings-models" value={draft.model} onChange={(e) => editSettings({ model: e.target.value })} spellCheck={false} />
              <datalist id="settings-models">
                {KNOWN_MODELS.map((m) => (
                  <option key={m} value={m} />
                ))}
              </datalist>
            </label>
            <label>
              Reasoning effort
              <select value={draft.effort} onChange={(e) => editSettings({ effort: e.target.value as ReasoningEffort | '' })}>
                <option value="">model default</option>
                {REASONING_EFFORTS.map((x) => (
                  <option key={x} value={x}>
                    {x}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Approval policy
              <select value={draft.approvalPolicy} onChange={(e) => editSettings({ approvalPolicy: e.target.value as AskForApproval })}>
                {APPROVAL_POLICIES.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Sandbox mode
              <select value={draft.sandboxMode} onChange={(e) => editSettings({ sandboxMode: e.target.value as SandboxMode })}>
                {SANDBOX_MODES.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            </label>
            <label className="check">
              <input type="checkbox" checked={draft.notifications} onChange={(e) => editSettings({ notifications: e.target.checked })} />
              Notify when a turn ends or needs approval
            </label>
          </>
        )}
        <label>
          Theme (this app only)
          <select value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
            <option value="system">follow the system</option>
            <option value="light">light</option>
            <option value="dark">dark</option>
          </select>
        </label>
        {status && (
          <div className="meta" role="status">
            {status}
          </div>
        )}
        <div className="actions">
          <button type="submit" disabled={!draft}>
            Save
          </button>
          <button type="button" className="secondary" onClick={closeSettings}>
            Close
          </button>
        </div>
      </form>
    </div>
  );
}
