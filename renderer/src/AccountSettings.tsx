// Settings › Account: how the app is signed in, the provider, the models it
// offers (model/list) and Log out.
import { useEffect } from 'react';
import { describeAccount, loadAccountDetails, logOut, useAccount } from './account.js';

export function AccountSettings() {
  const s = useAccount();
  useEffect(() => {
    void loadAccountDetails();
  }, []);
  const signedIn = Boolean(s.read?.account);
  return (
    <fieldset className="account-settings" aria-label="Account">
      <legend>Account</legend>
      <div data-testid="account-login">{describeAccount(s)}</div>
      <div className="meta" data-testid="account-provider">
        Provider: {s.provider ?? '…'}
      </div>
      {s.models && (
        <details>
          <summary>Models ({s.models.length})</summary>
          <ul className="account-models" aria-label="Models">
            {s.models.map((m) => (
              <li key={m.id}>
                <strong>{m.displayName}</strong>{' '}
                <span className="meta">
                  {m.model}
                  {m.isDefault ? ' · default' : ''}
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {s.error && (
        <div className="meta" role="alert">
          {s.error}
        </div>
      )}
      {signedIn && (
        <button type="button" className="secondary" disabled={s.busy} onClick={() => void logOut()}>
          Log out
        </button>
      )}
    </fieldset>
  );
}
