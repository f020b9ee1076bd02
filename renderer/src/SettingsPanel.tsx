import type { AskForApproval, ReasoningEffort, SandboxMode } from '../../shared/protocol/types.js';
import type { McpServerStatus } from '../../shared/protocol/types.js';
import { closeSettings, editSettings, loadMcpServers, saveSettings, setMcpServerEnabled, setTheme, useStore, type Theme } from './store.js';
import { describeServer } from './mcpServers.js';
import { APPROVAL_POLICIES, KNOWN_MODELS, REASONING_EFFORTS, SANDBOX_MODES } from './turnOptions.js';
import { AccountSettings } from './AccountSettings.js';
import { ConfigSources } from './ConfigSources.js';
import { EffectiveSetting } from './EffectiveSetting.js';
import { ReportProblem } from './ReportProblem.js';
import { SkillsList } from './SkillsList.js';
import { UpdateSettings } from './UpdateSettings.js';
import { modelChoices } from './modelPicker.js';

/** Settings stored in config.toml (written in place by the core) plus the local theme. */
export function SettingsPanel() {
  const { open, draft, status } = useStore((s) => s.settings);
  const theme = useStore((s) => s.theme);
  const models = useStore((s) => s.models);
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
        <AccountSettings />
        {!draft ? (
          <div className="meta">Reading config.toml…</div>
        ) : (
          <>
            <p className="meta">Saved to config.toml; only the settings you change are rewritten, comments and the rest stay as they are.</p>
            <label>
              Default model
              <input list="settings-models" value={draft.model} onChange={(e) => editSettings({ model: e.target.value })} spellCheck={false} />
              <datalist id="settings-models">
                {modelChoices(models, '').map((m) => (
                  <option key={m.value} value={m.value} label={m.label} />
                ))}
              </datalist>
            </label>
            <EffectiveSetting field="model" />
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
            <EffectiveSetting field="effort" />
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
            <EffectiveSetting field="approvalPolicy" />
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
            <EffectiveSetting field="sandboxMode" />
            <label className="check">
              <input type="checkbox" checked={draft.notifications} onChange={(e) => editSettings({ notifications: e.target.checked })} />
              Notify when a turn ends or needs approval
            </label>
            <EffectiveSetting field="notifications" />
          </>
        )}
        <ConfigSources />
        <McpServerList />
        <SkillsList />
        <UpdateSettings />
        <ReportProblem />
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

/** Each configured MCP server with its state and what it offers, and a switch for `enabled`. */
function McpServerList() {
  const { servers, threadId, loading, status } = useStore((s) => s.mcpPanel);
  return (
    <fieldset className="mcp-servers" aria-label="MCP servers">
      <legend>MCP servers</legend>
      <p className="meta">
        {threadId ? 'As running in the open thread. ' : 'Started from config.toml to check them. '}
        Switching one on or off edits config.toml; threads started afterwards follow it.
      </p>
      {servers === null ? (
        <div className="meta">{loading ? 'Checking servers…' : 'Not listed yet.'}</div>
      ) : servers.length === 0 ? (
        <div className="meta">No servers in config.toml. Add one with `codex mcp add`.</div>
      ) : (
        <ul>
          {servers.map((s) => (
            <McpServerRow key={s.name} server={s} />
          ))}
        </ul>
      )}
      {status && (
        <div className="meta" role="status">
          {status}
        </div>
      )}
      <button type="button" className="secondary" disabled={loading} onClick={() => void loadMcpServers()}>
        {loading ? 'Checking…' : 'Refresh'}
      </button>
    </fieldset>
  );
}

function McpServerRow({ server: s }: { server: McpServerStatus }) {
  const tools = Object.values(s.tools);
  const offers = tools.length + s.resources.length + s.prompts.length > 0;
  return (
    <li className={`mcp-server state-${s.runtimeStatus ?? 'unknown'}`} data-testid={`mcp-server-${s.name}`}>
      <label className="check">
        <input type="checkbox" checked={s.enabled} onChange={(e) => void setMcpServerEnabled(s.name, e.target.checked)} aria-label={`Enable ${s.name}`} />
        <strong>{s.name}</strong>
      </label>
      <span className="mcp-state" title={s.error ?? undefined}>
        {describeServer(s)}
      </span>
      {offers && (
        <details>
          <summary>What it offers</summary>
          <McpNames title="Tools" names={tools.map((t) => t.name)} />
          <McpNames title="Resources" names={s.resources.map((r) => String(r.name ?? r.uri))} />
          <McpNames title="Resource templates" names={s.resourceTemplates.map((r) => String(r.name ?? r.uriTemplate))} />
          <McpNames title="Prompts" names={s.prompts.map((p) => p.name)} />
        </details>
      )}
    </li>
  );
}

function McpNames({ title, names }: { title: string; names: string[] }) {
  if (names.length === 0) return null;
  return (
    <div className="mcp-names">
      <span className="meta">{title}:</span> {names.join(', ')}
    </div>
  );
}
