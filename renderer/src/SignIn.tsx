// The first-launch screen when no credentials exist: an API key (checked by the
// core with the provider before it is saved), or Sign in with ChatGPT in the
// system browser, with a device code as the fallback. Progress and Cancel while
// a login waits; the app appears once account/read shows an account.
import { useState } from 'react';
import { cancelSignIn, readAccount, signInWithApiKey, signInWithChatgpt, signInWithDeviceCode, useAccount, type PendingLogin } from './account.js';

export function SignInScreen() {
  const { pending, busy, error } = useAccount();
  return (
    <div className="signin" role="main" aria-label="Sign in">
      <div className="signin-card">
        <h1>Sign in to Codex</h1>
        {pending ? (
          <PendingView pending={pending} />
        ) : (
          <>
            <button type="button" className="primary" disabled={busy} onClick={() => void signInWithChatgpt()}>
              Sign in with ChatGPT
            </button>
            <ApiKeyForm />
          </>
        )}
        {error && (
          <div className="signin-error" role="alert">
            {error}
          </div>
        )}
      </div>
    </div>
  );
}

function ApiKeyForm() {
  const busy = useAccount((s) => s.busy);
  const [key, setKey] = useState('');
  return (
    <form
      className="signin-key"
      onSubmit={(e) => {
        e.preventDefault();
        void signInWithApiKey(key);
      }}
    >
      <label>
        OpenAI API key
        <input type="password" value={key} onChange={(e) => setKey(e.target.value)} autoComplete="off" spellCheck={false} placeholder="sk-…" />
      </label>
      <p className="meta">Checked with the provider before it is saved to CODEX_HOME/auth.json.</p>
      <button type="submit" disabled={busy || !key.trim()}>
        {busy ? 'Checking…' : 'Use API key'}
      </button>
    </form>
  );
}

function PendingView({ pending }: { pending: PendingLogin }) {
  const busy = useAccount((s) => s.busy);
  return (
    <div className="signin-pending" role="status" aria-live="polite">
      {pending.kind === 'browser' ? (
        <>
          <p>Finish signing in in your browser…</p>
          <p className="meta">
            If no browser opened, open this address: <code className="signin-url">{pending.authUrl}</code>
          </p>
          <button type="button" className="secondary" disabled={busy} onClick={() => void signInWithDeviceCode()}>
            Use a device code instead
          </button>
        </>
      ) : (
        <>
          <p>
            Open <code>{pending.verificationUrl}</code> on any device and enter this code:
          </p>
          <p className="signin-code" data-testid="device-code">
            {pending.userCode}
          </p>
          <p className="meta">Waiting for the code to be entered…</p>
        </>
      )}
      <button type="button" className="secondary" onClick={() => void cancelSignIn()}>
        Cancel
      </button>
    </div>
  );
}

/** account/read failed: say why and offer to ask again. */
export function AccountReadError({ message }: { message: string }) {
  return (
    <div className="banner" role="alert">
      Could not read the account: {message}{' '}
      <button type="button" className="secondary" onClick={() => void readAccount()}>
        Try again
      </button>
    </div>
  );
}
