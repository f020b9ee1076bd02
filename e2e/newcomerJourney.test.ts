// The newcomer's first session, in one go, in Chromium against the real core:
// a fresh CODEX_HOME with no config and no auth.json → the sign-in screen →
// Sign in with ChatGPT (browser flow against the local OAuth issuer, real HTTP
// and PKCE) → a project with its own .codex/config.toml and a repo skill: the
// untrusted notice in the New-thread picker → Trust → the first thread there
// runs with the project's layer (the API-key variant trusts from the notice over
// a conversation instead, and starts another thread) → a prompt naming
// `$skill` → the model searches the web and answers. Checked on both sides:
// what the model received (skill text, web_search tool, the project's value,
// the bearer) and what the user sees (search cell, answer). Screenshots of
// each step go to /tmp/codex-desktop-e2e-journey-*.png (light).
import { existsSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { faults as F, responses as R, type RecordedRequest } from '../tests/support/scriptedServer.js';
import { startLocalIssuer, type LocalIssuer } from '../tests/auth/localIssuer.js';
import { chromiumAvailable } from './support/browser.js';
import { projectPicker, send, startHarness, startThread, threadRows, waitIdle, type Harness } from './support/harness.js';

let h: Harness;
let issuer: LocalIssuer;
let project: string;
let skillFile: string;
const SKILL =
  '---\nname: release-digest\ndescription: Summarise what shipped this week from the web.\n---\nSearch the web for the release notes, then list the three biggest changes.\n';
const authFile = () => join(h.home, 'auth.json');
const projectConfig = () => join(project, '.codex', 'config.toml');

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  issuer = await startLocalIssuer();
  h = await startHarness({
    // A newcomer has no config.toml: an empty one, the OpenAI provider's API at the scripted server.
    config: () => '',
    env: (modelBaseUrl) => ({ OPENAI_BASE_URL: modelBaseUrl, CODEX_AUTH_ISSUER: issuer.url, CODEX_LOGIN_CALLBACK_PORT: '0' }),
  });
  await h.page.emulateMedia({ colorScheme: 'light' });
  // The project: its own config (live search, low effort) and a skill of its own.
  project = join(h.root, 'release-app');
  mkdirSync(join(project, '.git'), { recursive: true });
  mkdirSync(join(project, '.codex'));
  writeFileSync(projectConfig(), 'web_search = "live"\nmodel_reasoning_effort = "low"\n');
  mkdirSync(join(project, '.agents', 'skills', 'release-digest'), { recursive: true });
  skillFile = join(project, '.agents', 'skills', 'release-digest', 'SKILL.md');
  writeFileSync(skillFile, SKILL);
});
afterAll(async () => {
  await h?.close();
  await issuer?.close();
});

const signInScreen = () => h.page.getByRole('main', { name: 'Sign in' });
const appShown = () => h.page.getByRole('button', { name: 'New thread', exact: true });
const shot = (page: Page, step: string) => page.screenshot({ path: `/tmp/codex-desktop-e2e-journey-${step}.png` });

/** The user-role texts of a request, in order. */
const userTexts = (req: RecordedRequest): string[] =>
  req.body.input.filter((i: any) => i.type === 'message' && i.role === 'user').map((i: any) => i.content.map((c: any) => c.text ?? '').join(''));
const developerText = (req: RecordedRequest): string =>
  req.body.input
    .filter((i: any) => i.role === 'developer')
    .map((i: any) => i.content.map((c: any) => c.text ?? '').join(''))
    .join('\n');

/** The newcomer's way: the New-thread picker says the project's config is ignored; Trust there, then start. */
async function trustInPicker(page: Page, step: string): Promise<void> {
  await page.getByRole('button', { name: 'New thread', exact: true }).click();
  const picker = projectPicker(page);
  await picker.getByLabel('Project or folder').fill(project);
  const notice = picker.getByRole('alert', { name: 'Project config not trusted' });
  await notice.waitFor();
  expect(await notice.textContent()).toContain(`${projectConfig()} is ignored until you trust this project.`);
  await shot(page, `${step}-3-untrusted`);
  await notice.getByRole('button', { name: `Trust ${project}` }).click();
  await notice.waitFor({ state: 'detached' });
  expect(readFileSync(join(h.home, 'config.toml'), 'utf8')).toContain(`projects."${project}".trust_level = "trusted"`);
  await picker.getByRole('button', { name: 'Start thread' }).click();
  await threadRows(page).first().waitFor();
  await page.getByRole('log', { name: 'Messages' }).waitFor();
  // One thread: no untrusted one left behind, and no "new threads there use it" over the thread that does.
  expect(await threadRows(page).count()).toBe(1);
  expect(await page.getByText('new threads there use its .codex/config.toml').count()).toBe(0);
  await shot(page, `${step}-4-trusted`);
}

/** The other way: a thread started untrusted shows the notice; Trust there; the next thread in the project has the layer. */
async function trustFromConversation(page: Page, step: string): Promise<void> {
  await startThread(page, project, 'workspace-write', 'on-request');
  const notice = page.getByRole('alert', { name: 'Project config ignored' });
  await notice.waitFor();
  expect(await notice.textContent()).toContain(`This project's config is ignored: ${projectConfig()}.`);
  await shot(page, `${step}-3-untrusted`);
  await notice.getByRole('button', { name: `Trust ${project}` }).click();
  await notice.waitFor({ state: 'detached' });
  expect(readFileSync(join(h.home, 'config.toml'), 'utf8')).toContain(`projects."${project}".trust_level = "trusted"`);
  await shot(page, `${step}-4-trusted`);
  await startThread(page, project, 'workspace-write', 'on-request');
}

/** In the open thread (of the trusted project), `$release-digest` gets an answer after a web search. */
async function askWithSkill(page: Page, step: string): Promise<RecordedRequest> {
  const { model } = h;
  model.enqueue(
    R.reply(
      R.webSearchCall({ type: 'search', query: 'release-app 2.0 release notes' }),
      R.message('The three biggest changes: faster sync, offline mode, a new CLI.'),
    ),
  );
  const before = model.requests.length;
  await send(page, 'what shipped this week? use $release-digest');
  await waitIdle(page);
  const cell = page.getByTestId('web-search');
  await expect.poll(() => cell.count(), { timeout: 20_000 }).toBe(1);
  expect(await cell.textContent()).toBe('Searched the web release-app 2.0 release notes');
  await expect.poll(() => page.getByTestId('agent-message').last().textContent()).toBe('The three biggest changes: faster sync, offline mode, a new CLI.');
  await shot(page, `${step}-5-answer`);

  const turns = model.requests.slice(before).filter((r) => r.path.endsWith('/responses'));
  expect(turns.length).toBe(1);
  const turn = turns[0]!;
  // The skill: listed to the model, and its SKILL.md injected after the user's message.
  const texts = userTexts(turn);
  const at = texts.indexOf('what shipped this week? use $release-digest');
  expect(at).toBeGreaterThanOrEqual(0);
  expect(texts[at + 1]).toBe(`<skill>\n<name>release-digest</name>\n<path>${skillFile}</path>\n${SKILL}\n</skill>`);
  expect(developerText(turn)).toContain('- release-digest: Summarise what shipped this week from the web.');
  // The project's config: live search (the default would be cached) and its reasoning effort.
  expect(turn.body.tools).toContainEqual({ type: 'web_search', external_web_access: true, search_content_types: ['text', 'image'] });
  expect(turn.body.reasoning?.effort).toBe('low');
  expect(h.pageErrors).toEqual([]);
  return turn;
}

describe.skipIf(!chromiumAvailable())('newcomer journey in Chromium', () => {
  beforeEach(() => {
    h.model.reset();
  });

  it('first launch → Sign in with ChatGPT → trust the project → a first answer that used a skill and a web search', async () => {
    const { page } = h;
    await signInScreen().waitFor();
    expect(await appShown().count()).toBe(0);
    expect(existsSync(authFile())).toBe(false);
    await shot(page, 'chatgpt-1-signin');

    // The browser flow: the host opens the issuer's page; the test is the browser.
    const opened = h.host.links.opened.length;
    await page.getByRole('button', { name: 'Sign in with ChatGPT' }).click();
    await signInScreen().getByText('Finish signing in in your browser').waitFor();
    await expect.poll(() => h.host.links.opened.length, { timeout: 10_000 }).toBe(opened + 1);
    const authUrl = new URL(h.host.links.opened.at(-1)!);
    expect(`${authUrl.origin}${authUrl.pathname}`).toBe(`${issuer.url}/oauth/authorize`);
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    const authorize = await fetch(authUrl, { redirect: 'manual' });
    expect(authorize.status).toBe(302);
    const callback = await fetch(authorize.headers.get('location')!, { redirect: 'follow' });
    expect(callback.status).toBe(200);
    await appShown().waitFor({ timeout: 15_000 });
    await shot(page, 'chatgpt-2-signed-in');

    // auth.json as Codex writes it, 0600, with the issuer's tokens.
    const saved = JSON.parse(readFileSync(authFile(), 'utf8'));
    expect(Object.keys(saved)).toEqual(['auth_mode', 'OPENAI_API_KEY', 'tokens', 'last_refresh']);
    expect(saved.auth_mode).toBe('chatgpt');
    expect(Object.keys(saved.tokens)).toEqual(['id_token', 'access_token', 'refresh_token', 'oauth_provenance', 'login_owner_id', 'account_id']);
    expect(saved.tokens.oauth_provenance).toEqual({ issuer: issuer.url, client_id: issuer.clientId });
    expect(saved.tokens.account_id).toBe(issuer.accountId);
    expect(saved.tokens.access_token).toBe(issuer.accessTokens.at(-1));
    expect(statSync(authFile()).mode & 0o777).toBe(0o600);
    // The token exchange proved the PKCE verifier.
    const exchange = issuer.requests.find((r) => r.path === '/oauth/token' && (r.body as Record<string, string>).grant_type === 'authorization_code')!;
    expect(typeof (exchange.body as Record<string, string>).code_verifier).toBe('string');

    // A newcomer's picker: the project is trusted before its first thread starts.
    await trustInPicker(page, 'chatgpt');
    const turn = await askWithSkill(page, 'chatgpt');
    expect(turn.headers.authorization).toBe(`Bearer ${saved.tokens.access_token}`);
    expect(turn.headers['chatgpt-account-id']).toBe(issuer.accountId);

    // Settings shows the same: the signed-in account, the project's skill, and which file set each value.
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await expect.poll(() => settings.getByTestId('account-login').textContent()).toBe(`Signed in with ChatGPT as ${issuer.email} (plus)`);
    await expect
      .poll(() => settings.getByTestId('skill-release-digest').textContent())
      .toBe('$release-digest (repo) Summarise what shipped this week from the web.');
    const sources = settings.getByRole('group', { name: /Where settings come from/ });
    await expect.poll(() => sources.getByTestId('origin-model_reasoning_effort').locator('dd').textContent()).toBe(projectConfig());
    await shot(page, 'chatgpt-6-settings');
    await settings.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('the API-key variant: the key is checked, saved 0600, and is the bearer of the first answer', async () => {
    const { page, model } = h;
    // Signed out: the project stays trusted (it is in config.toml), so trust it afresh by dropping that entry.
    unlinkSync(authFile());
    writeFileSync(join(h.home, 'config.toml'), '');
    await page.reload();
    await signInScreen().waitFor();
    model.route('GET', '/v1/models', F.http(200, { data: [] }));
    await page.getByLabel('OpenAI API key').fill('sk-newcomer-2222222222');
    await page.getByRole('button', { name: 'Use API key' }).click();
    await appShown().waitFor();
    expect(model.requests.find((r) => r.path === '/v1/models')?.headers.authorization).toBe('Bearer sk-newcomer-2222222222');
    expect(JSON.parse(readFileSync(authFile(), 'utf8')).OPENAI_API_KEY).toBe('sk-newcomer-2222222222');
    expect(statSync(authFile()).mode & 0o777).toBe(0o600);
    await shot(page, 'apikey-2-signed-in');

    await trustFromConversation(page, 'apikey');
    const turn = await askWithSkill(page, 'apikey');
    expect(turn.headers.authorization).toBe('Bearer sk-newcomer-2222222222');
  });
});
