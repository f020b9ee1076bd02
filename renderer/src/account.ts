// Sign-in state of the app: what `account/read` says, the login in progress and
// its outcome (`account/login/completed`, `account/updated`). Its own small store
// so the sign-in screen and Settings' Account section share one source.
import { create } from 'zustand';
import type { ClientRequestResult } from '../../shared/protocol/types.js';
import type { NotificationPayload } from '../../shared/ipc/api.js';

export type AccountInfo = ClientRequestResult<'account/read'>['account'];
type Model = ClientRequestResult<'model/list'>['data'][number];

/** A ChatGPT login waiting for the browser or for the device code to be entered. */
export type PendingLogin =
  { kind: 'browser'; loginId: string; authUrl: string } | { kind: 'device'; loginId: string; verificationUrl: string; userCode: string };

export interface AccountState {
  /** null until the first account/read answered. */
  read: { account: AccountInfo; requiresOpenaiAuth: boolean } | null;
  /** Why account/read failed (the screen offers a retry). */
  readError: string | null;
  pending: PendingLogin | null;
  /** A request is on its way (buttons disabled). */
  busy: boolean;
  /** The last refusal or failure, shown as is. */
  error: string | null;
  /** Settings' model list (model/list), null until listed. */
  models: Model[] | null;
  /** The provider config.toml chooses (`model_provider`, default openai). */
  provider: string | null;
}

export const useAccount = create<AccountState>(() => ({ read: null, readError: null, pending: null, busy: false, error: null, models: null, provider: null }));

const api = () => window.codex;
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The app needs a sign-in: the provider wants OpenAI auth and none is stored. */
export function needsSignIn(s: AccountState): boolean {
  return s.read !== null && s.read.account === null && s.read.requiresOpenaiAuth;
}

export async function readAccount(): Promise<void> {
  try {
    const r = await api().request('account/read', {});
    useAccount.setState({ read: { account: r.account, requiresOpenaiAuth: r.requiresOpenaiAuth }, readError: null });
  } catch (err) {
    useAccount.setState({ readError: message(err) });
  }
}

/** Login notifications: a finished login ends the wait (or shows why it failed); an account change is read again. */
export function connectAccount(): () => void {
  return api().onNotification((n: NotificationPayload) => {
    if (n.method === 'account/login/completed') {
      const pending = useAccount.getState().pending;
      // An API key login has no id; a ChatGPT one must be ours.
      if (n.params.loginId !== null && pending?.loginId !== n.params.loginId) return;
      useAccount.setState({ pending: null, error: n.params.success ? null : (n.params.error ?? 'Sign-in failed') });
    } else if (n.method === 'account/updated') {
      void readAccount();
    }
  });
}

async function run(fn: () => Promise<void>): Promise<void> {
  useAccount.setState({ busy: true, error: null });
  try {
    await fn();
  } catch (err) {
    useAccount.setState({ error: message(err) });
  } finally {
    useAccount.setState({ busy: false });
  }
}

/** Checked by the core against the provider before it is saved; a refusal comes back as the error. */
export function signInWithApiKey(apiKey: string): Promise<void> {
  return run(async () => {
    if (!apiKey.trim()) throw new Error('Enter an API key');
    await api().request('account/login/start', { type: 'apiKey', apiKey: apiKey.trim() });
    await readAccount();
  });
}

/** The host opens the returned page in the system browser; we wait for account/login/completed. */
export function signInWithChatgpt(): Promise<void> {
  return run(async () => {
    await cancelPending();
    const r = await api().request('account/login/start', { type: 'chatgpt' });
    if (r.type === 'chatgpt') useAccount.setState({ pending: { kind: 'browser', loginId: r.loginId, authUrl: r.authUrl } });
  });
}

/** For a browser that cannot reach this machine's loopback: a code to enter on another device. */
export function signInWithDeviceCode(): Promise<void> {
  return run(async () => {
    await cancelPending();
    const r = await api().request('account/login/start', { type: 'chatgptDeviceCode' });
    if (r.type === 'chatgptDeviceCode')
      useAccount.setState({ pending: { kind: 'device', loginId: r.loginId, verificationUrl: r.verificationUrl, userCode: r.userCode } });
  });
}

async function cancelPending(): Promise<void> {
  const pending = useAccount.getState().pending;
  if (!pending) return;
  useAccount.setState({ pending: null });
  await api().request('account/login/cancel', { loginId: pending.loginId });
}

export function cancelSignIn(): Promise<void> {
  return run(cancelPending);
}

export function logOut(): Promise<void> {
  return run(async () => {
    await api().request('account/logout', undefined);
    await readAccount();
  });
}

/** Settings' Account section: the provider in use and the models it offers. */
export async function loadAccountDetails(): Promise<void> {
  await readAccount();
  try {
    const [config, models] = await Promise.all([api().request('config/read', { includeLayers: false }), api().request('model/list', {})]);
    const provider = typeof config.config.model_provider === 'string' ? config.config.model_provider : 'openai';
    useAccount.setState({ provider, models: models.data });
  } catch (err) {
    useAccount.setState({ error: message(err) });
  }
}

/** What Settings says about the sign-in. */
export function describeAccount(s: AccountState): string {
  if (!s.read) return 'Checking…';
  const a = s.read.account;
  if (!s.read.requiresOpenaiAuth) return 'The provider uses its own key (no OpenAI sign-in needed)';
  if (!a) return 'Not signed in';
  if (a.type === 'apiKey') return 'Signed in with an API key';
  return `Signed in with ChatGPT${a.email ? ` as ${a.email}` : ''}${a.planType !== 'unknown' ? ` (${a.planType})` : ''}`;
}
