// First launch without credentials, in real Chromium against the real core: the
// sign-in screen, an API key the provider refuses (error shown, nothing saved) or
// accepts (saved 0600), Sign in with ChatGPT through the system-browser path
// (the test host records what the host opened; the test then plays the browser
// against the local OAuth issuer), the device-code fallback, Cancel, and
// Settings › Account (login, provider, model list, Log out). After the ChatGPT
// sign-in the first answer is asked for with the issuer's access token.
import { existsSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { faults as F, responses as R } from '../tests/support/scriptedServer.js';
import { startLocalIssuer, type LocalIssuer } from '../tests/auth/localIssuer.js';
import { chromiumAvailable } from './support/browser.js';
import { send, startHarness, startThread, waitIdle, type Harness } from './support/harness.js';

let h: Harness;
let issuer: LocalIssuer;
const authFile = () => join(h.home, 'auth.json');

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  issuer = await startLocalIssuer();
  h = await startHarness({
    // The OpenAI provider (which needs a sign-in) with its API at the scripted server.
    config: () => 'model = "gpt-5.5"\napproval_policy = "never"\nsandbox_mode = "danger-full-access"\n',
    env: (modelBaseUrl) => ({ OPENAI_BASE_URL: modelBaseUrl, CODEX_AUTH_ISSUER: issuer.url, CODEX_LOGIN_CALLBACK_PORT: '0' }),
  });
});
afterAll(async () => {
  await h?.close();
  await issuer?.close();
});
beforeEach(async () => {
  if (!chromiumAvailable()) return;
  if (existsSync(authFile())) unlinkSync(authFile());
  h.model.reset();
  await h.page.reload();
});

const signInScreen = () => h.page.getByRole('main', { name: 'Sign in' });
const appShown = () => h.page.getByRole('button', { name: 'New thread', exact: true });

describe.skipIf(!chromiumAvailable())('sign-in screen in Chromium', () => {
  it('an API key the provider refuses shows its error and saves nothing; an accepted one is saved 0600 and opens the app', async () => {
    const { page, model } = h;
    await signInScreen().waitFor();
    expect(await appShown().count()).toBe(0);

    model.route('GET', '/v1/models', F.http(401, { error: { message: 'Incorrect API key provided' } }));
    await page.getByLabel('OpenAI API key').fill('sk-bad-0000000000');
    await page.getByRole('button', { name: 'Use API key' }).click();
    const alert = signInScreen().getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/refused|401|Incorrect/i);
    expect(existsSync(authFile())).toBe(false);
    expect(model.requests.find((r) => r.path === '/v1/models')?.headers.authorization).toBe('Bearer sk-bad-0000000000');

    model.route('GET', '/v1/models', F.http(200, { data: [] }));
    await page.getByLabel('OpenAI API key').fill('sk-good-1111111111');
    await page.getByRole('button', { name: 'Use API key' }).click();
    await appShown().waitFor();
    expect(JSON.parse(readFileSync(authFile(), 'utf8')).OPENAI_API_KEY).toBe('sk-good-1111111111');
    expect(statSync(authFile()).mode & 0o777).toBe(0o600);

    // Settings › Account says so; Log out removes the key and brings the screen back.
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const account = page.getByRole('group', { name: 'Account' });
    await expect.poll(() => account.getByTestId('account-login').textContent()).toBe('Signed in with an API key');
    await account.getByRole('button', { name: 'Log out' }).click();
    await signInScreen().waitFor();
    expect(existsSync(authFile())).toBe(false);
  });

  it('Sign in with ChatGPT: the host opens the issuer page in the browser, the callback signs in, and the first answer uses the token', async () => {
    const { page, host, model } = h;
    const opened = host.links.opened.length;
    await page.getByRole('button', { name: 'Sign in with ChatGPT' }).click();
    await signInScreen().getByText('Finish signing in in your browser').waitFor();
    await expect.poll(() => host.links.opened.length, { timeout: 10_000 }).toBe(opened + 1);
    const authUrl = host.links.opened.at(-1)!;
    expect(authUrl.startsWith(`${issuer.url}/oauth/authorize?`)).toBe(true);
    // Opened without the link prompt, and shown for a browser that did not open.
    expect(host.links.prompts.length).toBe(0);
    expect(await page.locator('.signin-url').textContent()).toBe(authUrl);

    // The system browser: the issuer redirects to the core's loopback callback.
    const authorize = await fetch(authUrl, { redirect: 'manual' });
    const callback = await fetch(authorize.headers.get('location')!, { redirect: 'follow' });
    expect(callback.status).toBe(200);
    await appShown().waitFor({ timeout: 15_000 });
    const saved = JSON.parse(readFileSync(authFile(), 'utf8'));
    expect(saved.auth_mode).toBe('chatgpt');
    expect(saved.tokens.account_id).toBe(issuer.accountId);

    // Settings › Account: who, the provider, the models; then close it again.
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const account = page.getByRole('group', { name: 'Account' });
    await expect.poll(() => account.getByTestId('account-login').textContent()).toBe(`Signed in with ChatGPT as ${issuer.email} (plus)`);
    expect(await account.getByTestId('account-provider').textContent()).toBe('Provider: openai');
    await account.getByText(/^Models \(\d+\)$/).click();
    expect(await account.getByRole('list', { name: 'Models' }).getByText('gpt-5.5', { exact: false }).count()).toBeGreaterThan(0);
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Close', exact: true }).click();

    // The first answer: the model request carries the issuer's access token and the account.
    model.enqueue(R.text('hello from the model'));
    await startThread(page, h.workspace);
    await send(page, 'hi');
    await waitIdle(page);
    await expect.poll(() => page.getByTestId('agent-message').last().textContent(), { timeout: 20_000 }).toContain('hello from the model');
    const turn = model.requests.find((r) => r.path === '/v1/responses')!;
    expect(turn.headers.authorization).toBe(`Bearer ${saved.tokens.access_token}`);
    expect(turn.headers['chatgpt-account-id']).toBe(issuer.accountId);
  });

  it('the device code is the fallback: shown on the screen, entered elsewhere, and the app opens; Cancel ends a waiting login', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Sign in with ChatGPT' }).click();
    await page.getByRole('button', { name: 'Use a device code instead' }).click();
    const code = page.getByTestId('device-code');
    await code.waitFor();
    const userCode = (await code.textContent())!.trim();
    expect(userCode).toMatch(/^[A-Z0-9_-]{4}-[A-Z0-9_-]{4}$/i);
    expect(await signInScreen().textContent()).toContain(`${issuer.url}/codex/device`);
    issuer.approveDevice(userCode);
    await appShown().waitFor({ timeout: 20_000 });
    expect(JSON.parse(readFileSync(authFile(), 'utf8')).auth_mode).toBe('chatgpt');

    // Signed out again, a browser login that is cancelled closes its loopback callback.
    unlinkSync(authFile());
    await page.reload();
    await page.getByRole('button', { name: 'Sign in with ChatGPT' }).click();
    await expect.poll(() => h.host.links.opened.length).toBeGreaterThan(0);
    const callbackPort = new URL(new URL(h.host.links.opened.at(-1)!).searchParams.get('redirect_uri')!).port;
    expect((await fetch(`http://127.0.0.1:${callbackPort}/`)).status).toBeGreaterThan(0);
    await signInScreen().getByRole('button', { name: 'Cancel' }).click();
    await signInScreen().getByRole('button', { name: 'Sign in with ChatGPT' }).waitFor();
    await expect
      .poll(
        () =>
          fetch(`http://127.0.0.1:${callbackPort}/auth/callback`).then(
            () => 'open',
            () => 'closed',
          ),
        { timeout: 10_000 },
      )
      .toBe('closed');
    expect(existsSync(authFile())).toBe(false);
    expect(h.pageErrors).toEqual([]);
  });
});
