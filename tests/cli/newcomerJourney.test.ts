// The newcomer's first session from the CLI, in one go: `codex login
// --device-auth` against the local OAuth issuer (real HTTP), `codex login
// status`, then `codex exec --trust` in a project with its own
// .codex/config.toml and a repo skill, a prompt naming `$skill`, and a model
// that searches the web and answers. Checked on the model's side (bearer,
// skill text, web_search tool, the project's value) and on stdout (--json
// events, and the human output).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { responses as R, startScriptedServer, type RecordedRequest, type ScriptedServer } from '../support/scriptedServer.js';
import { makeAuthSandbox, readAuthJson, startCodex, type AuthSandbox } from '../auth/authTestKit.js';
import { startLocalIssuer, type LocalIssuer } from '../auth/localIssuer.js';

const SKILL =
  '---\nname: release-digest\ndescription: Summarise what shipped this week from the web.\n---\nSearch the web for the release notes, then list the three biggest changes.\n';
const PROMPT = 'what shipped this week? use $release-digest';
const ANSWER = 'The three biggest changes: faster sync, offline mode, a new CLI.';

let model: ScriptedServer;
let issuer: LocalIssuer;
let sb: AuthSandbox;
let skillFile: string;

beforeAll(async () => {
  model = await startScriptedServer();
  issuer = await startLocalIssuer();
});
afterAll(async () => {
  await issuer?.close();
  await model?.close();
});
beforeEach(() => {
  model.reset();
  // A newcomer: an empty config.toml, no auth.json; the OpenAI provider's API at the scripted server.
  sb = makeAuthSandbox({ OPENAI_BASE_URL: model.baseUrl, CODEX_LOGIN_CALLBACK_PORT: '0' }, '');
  mkdirSync(join(sb.workspace, '.codex'));
  writeFileSync(join(sb.workspace, '.codex', 'config.toml'), 'web_search = "live"\nmodel_reasoning_effort = "low"\n');
  mkdirSync(join(sb.workspace, '.agents', 'skills', 'release-digest'), { recursive: true });
  skillFile = join(sb.workspace, '.agents', 'skills', 'release-digest', 'SKILL.md');
  writeFileSync(skillFile, SKILL);
});

const userTexts = (req: RecordedRequest): string[] =>
  req.body.input.filter((i: any) => i.type === 'message' && i.role === 'user').map((i: any) => i.content.map((c: any) => c.text ?? '').join(''));
const developerText = (req: RecordedRequest): string =>
  req.body.input
    .filter((i: any) => i.role === 'developer')
    .map((i: any) => i.content.map((c: any) => c.text ?? '').join(''))
    .join('\n');

async function deviceLogin(): Promise<void> {
  const login = startCodex(undefined, ['login', '--device-auth', '--experimental_issuer', issuer.url], sb);
  const [, url, code] = await login.waitFor(
    /Open this link in your browser and sign in to your account\n\s+(\S+)\n\n2\. Enter this one-time code \(expires in 15 minutes\)\n\s+(\S+)/,
  );
  expect(url).toBe(`${issuer.url}/codex/device`);
  issuer.approveDevice(code!);
  expect(await login.exit, login.stderr()).toBe(0);
  expect(login.stderr()).toContain('Successfully logged in');
}

/** What the model must have received for the journey's turn. */
function expectJourneyRequest(turn: RecordedRequest): void {
  const texts = userTexts(turn);
  const at = texts.indexOf(PROMPT);
  expect(at).toBeGreaterThanOrEqual(0);
  expect(texts[at + 1]).toBe(`<skill>\n<name>release-digest</name>\n<path>${skillFile}</path>\n${SKILL}\n</skill>`);
  expect(developerText(turn)).toContain('- release-digest: Summarise what shipped this week from the web.');
  expect(turn.body.tools).toContainEqual({ type: 'web_search', external_web_access: true, search_content_types: ['text', 'image'] });
  expect(turn.body.reasoning?.effort).toBe('low');
}

describe('newcomer journey from the CLI', () => {
  it('login --device-auth → login status → exec --trust with $skill: the answer used the skill and a web search (--json)', async () => {
    await deviceLogin();
    const auth = readAuthJson(sb);
    expect(auth.auth_mode).toBe('chatgpt');
    expect(auth.tokens.account_id).toBe(issuer.accountId);

    const status = startCodex(undefined, ['login', 'status'], sb);
    expect(await status.exit).toBe(0);
    expect(status.stdout() + status.stderr()).toContain('Logged in using ChatGPT');

    // Untrusted, the project's config is ignored, with Codex's notice: the default (cached) search and effort are offered.
    model.enqueue(R.text('first look'));
    const untrusted = startCodex(undefined, ['exec', '--json', 'hello'], sb);
    expect(await untrusted.exit, untrusted.stderr()).toBe(0);
    const notice = JSON.parse(untrusted.stdout().split('\n')[0]!);
    expect(notice).toMatchObject({ type: 'item.completed', item: { type: 'error' } });
    expect(notice.item.message).toContain(`Untrusted project-local configuration is disabled. Run \`codex exec --trust\``);
    expect(notice.item.message).toContain(
      `Ignored ${join(sb.workspace, '.codex', 'config.toml')}: To load config.toml, add ${sb.workspace} as a trusted project`,
    );
    expect(model.requests.at(-1)!.body.tools).toContainEqual({ type: 'web_search', external_web_access: false, search_content_types: ['text', 'image'] });
    expect(model.requests.at(-1)!.body.reasoning?.effort).not.toBe('low');
    expect(readFileSync(join(sb.home, 'config.toml'), 'utf8')).not.toContain('trust_level');

    model.enqueue(R.reply(R.webSearchCall({ type: 'search', query: 'release-app 2.0 release notes' }, { id: 'ws_1' }), R.message(ANSWER)));
    const before = model.requests.length;
    const run = startCodex(undefined, ['exec', '--trust', '--json', PROMPT], sb);
    expect(await run.exit, run.stderr()).toBe(0);
    expect(readFileSync(join(sb.home, 'config.toml'), 'utf8')).toContain(`[projects."${sb.workspace}"]\ntrust_level = "trusted"\n`);

    const turns = model.requests.slice(before).filter((r) => r.path.endsWith('/responses'));
    expect(turns.length).toBe(1);
    expectJourneyRequest(turns[0]!);
    expect(turns[0]!.headers.authorization).toBe(`Bearer ${readAuthJson(sb).tokens.access_token}`);
    expect(turns[0]!.headers['chatgpt-account-id']).toBe(issuer.accountId);

    const events = run
      .stdout()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const completed = events.filter((e) => e.type === 'item.completed').map((e) => e.item);
    expect(completed.find((i) => i.type === 'web_search')).toMatchObject({
      type: 'web_search',
      query: 'release-app 2.0 release notes',
      action: { type: 'search', query: 'release-app 2.0 release notes' },
    });
    expect(completed.find((i) => i.type === 'agent_message')?.text).toBe(ANSWER);
    expect(events.at(-1).type).toBe('turn.completed');
  });

  it('with an API key (login --with-api-key): the human output shows the search and the answer', async () => {
    const login = startCodex(undefined, ['login', '--with-api-key', '--no-verify'], sb, 'sk-newcomer-2222222222\n');
    expect(await login.exit, login.stderr()).toBe(0);
    const status = startCodex(undefined, ['login', 'status'], sb);
    expect(await status.exit).toBe(0);
    // Codex 0.169's words (checked on the reference).
    expect(status.stdout() + status.stderr()).toContain('API key configured - sk-newco***22222\nAuthentication is checked when you send a request.');

    model.enqueue(R.reply(R.webSearchCall({ type: 'search', query: 'release-app 2.0 release notes' }), R.message(ANSWER)));
    const run = startCodex(undefined, ['exec', '--trust', PROMPT], sb);
    expect(await run.exit, run.stderr()).toBe(0);
    const turn = model.requests.find((r) => r.path.endsWith('/responses'))!;
    expectJourneyRequest(turn);
    expect(turn.headers.authorization).toBe('Bearer sk-newcomer-2222222222');
    expect(run.stderr()).toContain('web search release-app 2.0 release notes');
    expect(run.stdout()).toBe(`${ANSWER}\n`);
  });
});
