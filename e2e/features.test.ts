// The renderer's features in real Chromium against the real core: settings that
// edit config.toml in place, composer pickers and image attachments, sidebar
// search, diff and plan cells, token usage, keyboard shortcuts, themes, the
// virtualised conversation, exec-server environments and MCP tool approvals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { ExecServer, listenWebSocket } from '../main/core/execServer/index.js';
import { join } from 'node:path';
import { responses as R } from '../tests/support/scriptedServer.js';
import { writeLongSession } from './support/longSession.js';
import { chromiumAvailable } from './support/browser.js';
import { REPO_ROOT } from './support/buildRenderer.js';
import { send, startHarness, startThread, waitIdle, type Harness } from './support/harness.js';

let h: Harness;
const CONFIG_EXTRA = `approval_policy = "never"
sandbox_mode = "danger-full-access" # full access for the e2e
`;

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  h = await startHarness({ configExtra: CONFIG_EXTRA });
});
afterAll(async () => {
  await h?.close();
});

// 1x1 transparent PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

describe.skipIf(!chromiumAvailable())('renderer features in Chromium', () => {
  it('edits config.toml from Settings: only the changed keys change', async () => {
    const { page, configFile } = h;
    const original = readFileSync(configFile, 'utf8');
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await expect.poll(() => dialog.getByLabel('Default model').inputValue(), { timeout: 20_000 }).toBe('gpt-5.5');
    expect(await dialog.getByLabel('Sandbox mode').inputValue()).toBe('danger-full-access');
    await dialog.getByLabel('Sandbox mode').selectOption('workspace-write');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 20_000 }).toContain('Saved to');
    const afterSandbox = original.replace('sandbox_mode = "danger-full-access" # full access', 'sandbox_mode = "workspace-write" # full access');
    expect(afterSandbox).not.toBe(original);
    expect(readFileSync(configFile, 'utf8')).toBe(afterSandbox);

    // Two more changes in one save; a new key goes in as one line.
    await dialog.getByLabel('Reasoning effort').selectOption('high');
    await dialog.getByLabel('Notify when a turn ends or needs approval').uncheck();
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(() => readFileSync(configFile, 'utf8'), { timeout: 20_000 })
      .toBe(afterSandbox.replace('# full access for the e2e\n', '# full access for the e2e\nmodel_reasoning_effort = "high"\ndesktop.notifications = false\n'));
    await page.screenshot({ path: '/tmp/codex-desktop-e2e-settings.png' });

    // A change made behind the app's back is not overwritten.
    writeFileSync(configFile, readFileSync(configFile, 'utf8') + '# edited by hand\n');
    await dialog.getByLabel('Approval policy').selectOption('on-request');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 }).toContain('Configuration was modified since last read');
    expect(readFileSync(configFile, 'utf8')).toContain('approval_policy = "never"');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Back to the original for the tests below.
    writeFileSync(configFile, original);
  });

  it('sends the picked model, effort and an attached image with turn/start', async () => {
    const { page, model, workspace } = h;
    await startThread(page, workspace);
    await expect.poll(() => page.getByLabel('Model', { exact: true }).inputValue()).toBe('gpt-5.5');
    await page.getByLabel('Model', { exact: true }).selectOption('gpt-6-luna');
    await page.getByLabel('Reasoning effort').selectOption('high');
    await page.getByLabel('Attach images').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: 'Remove dot.png' }).waitFor();
    const before = model.requests.length;
    model.enqueue(R.message('I see a dot.'));
    await send(page, 'what is in this picture?');
    await expect.poll(() => page.getByTestId('agent-message').last().textContent(), { timeout: 20_000 }).toBe('I see a dot.');
    const body = model.requests[before]!.body;
    expect(body.model).toBe('gpt-6-luna');
    expect(body.reasoning).toMatchObject({ effort: 'high' });
    const user = body.input.filter((i: any) => i.role === 'user').pop();
    expect(user.content).toEqual([
      { type: 'input_text', text: 'what is in this picture?' },
      { type: 'input_image', image_url: `data:image/png;base64,${PNG.toString('base64')}` },
    ]);
    // The user's message shows the image; the attachment tray is empty again.
    expect(await page.getByTestId('user-message').last().locator('img').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Remove dot.png' }).count()).toBe(0);
    // The override sticks for the next turn without being re-sent.
    model.enqueue(R.message('Again.'));
    await send(page, 'again');
    await expect.poll(() => page.getByTestId('agent-message').last().textContent(), { timeout: 20_000 }).toBe('Again.');
    expect(model.requests[before + 1]!.body.model).toBe('gpt-6-luna');
  });

  it('shows a file change as a unified and a split diff, the plan as a checklist, and token usage', async () => {
    const { page, model, workspace } = h;
    writeFileSync(join(workspace, 'greet.txt'), 'hello\nworld\nbye\n');
    const patch = ['*** Begin Patch', '*** Update File: greet.txt', '@@', ' hello', '-world', '+WORLD', '+and more', ' bye', '*** End Patch'].join('\n');
    model.enqueue(
      R.functionCall({
        name: 'update_plan',
        arguments: {
          explanation: 'Shout the world',
          plan: [
            { step: 'Read greet.txt', status: 'completed' },
            { step: 'Edit greet.txt', status: 'in_progress' },
            { step: 'Report', status: 'pending' },
          ],
        },
        callId: 'plan1',
      }),
      R.customToolCall({ input: patch, callId: 'patch1' }),
      R.reply(R.message('Patched.'), { usage: { input: 1200, output: 300 } }),
    );
    await send(page, 'shout the world');
    await expect.poll(() => page.getByTestId('agent-message').last().textContent(), { timeout: 20_000 }).toBe('Patched.');
    expect(readFileSync(join(workspace, 'greet.txt'), 'utf8')).toBe('hello\nWORLD\nand more\nbye\n');

    const plan = page.getByRole('region', { name: 'Plan' });
    expect(await plan.getByTestId('plan-progress').textContent()).toBe('1/3 done');
    expect(await plan.textContent()).toContain('Shout the world');
    expect(await plan.getByRole('checkbox', { name: 'Read greet.txt' }).isChecked()).toBe(true);
    expect(await plan.getByRole('checkbox', { name: 'Edit greet.txt' }).isChecked()).toBe(false);

    const cell = page.getByTestId('file-change-cell').last();
    expect(await cell.textContent()).toContain('greet.txt');
    const unified = cell.getByTestId('diff-unified');
    expect(await unified.locator('tr.del').allTextContents()).toEqual(['2-world']);
    expect(await unified.locator('tr.add').allTextContents()).toEqual(['2+WORLD', '3+and more']);
    await cell.getByRole('button', { name: 'Split' }).click();
    const split = cell.getByTestId('diff-split');
    expect(await split.locator('td[data-side=old].del').allTextContents()).toEqual(['world']);
    expect(await split.locator('td[data-side=new].add').allTextContents()).toEqual(['WORLD', 'and more']);
    await page.screenshot({ path: '/tmp/codex-desktop-e2e-diff.png' });
    await cell.getByRole('button', { name: 'Unified' }).click();
    await cell.getByTestId('diff-unified').waitFor();

    // Three model requests (plan, patch, answer): 10+5, 10+5 and 1200+300 tokens, plus what the core counts on top.
    await expect.poll(() => page.getByTestId('token-usage').textContent(), { timeout: 20_000 }).toMatch(/^1\.[5-9]k tokens · \d+% context left$/);
  });

  it('searches the sidebar by title and folder and shows every cwd the same way', async () => {
    const { page, workspace, root } = h;
    const other = join(root, 'other-project');
    mkdirSync(join(other, '.git'), { recursive: true });
    await startThread(page, other);
    h.model.enqueue(R.message('ok'));
    await send(page, 'unique title here');
    await waitIdle(page);
    expect(await page.getByTestId('conversation-cwd').textContent()).toBe('~/other-project');
    const list = page.getByRole('list', { name: 'Threads' });
    const search = page.getByLabel('Search threads');
    await search.fill('unique');
    await expect.poll(() => list.locator('li.thread-row').allTextContents()).toEqual([expect.stringContaining('unique title here')]);
    await search.fill('~/other');
    await expect.poll(() => list.locator('li.thread-row').count()).toBe(1);
    await search.fill('ws picture');
    await expect.poll(() => list.locator('li.thread-row').allTextContents()).toEqual([expect.stringContaining('what is in this picture?')]);
    await search.fill('no such thing');
    await expect.poll(() => list.locator('li.thread-row').count()).toBe(0);
    expect(await page.getByText('No thread matches').count()).toBe(1);
    await search.fill('');
    await expect.poll(() => list.locator('li.thread-row').count()).toBe(2);
    // The same formatting in the sidebar as in the conversation header.
    expect(await list.locator('.cwd').allTextContents()).toEqual(['~/other-project', '~/ws']);
    expect(workspace).toBe(join(root, 'ws'));
  });

  it('drives the app from the keyboard: palette, new thread, switch thread, send, interrupt', async () => {
    const { page, model } = h;
    const list = page.getByRole('list', { name: 'Threads' });
    const active = () => list.locator('[aria-current=true] .preview').textContent();
    expect(await active()).toBe('unique title here');
    await page.getByLabel('Message', { exact: true }).focus();
    await page.keyboard.press('Control+Shift+ArrowDown');
    await expect.poll(active).toBe('what is in this picture?');
    await page.keyboard.press('Control+Shift+ArrowUp');
    await expect.poll(active).toBe('unique title here');

    // Ctrl+N: a new thread in the same folder.
    await page.keyboard.press('Control+n');
    await expect.poll(() => list.locator('li.thread-row').count(), { timeout: 20_000 }).toBe(3);
    await expect.poll(active).toBe('(new thread)');
    expect(await page.getByTestId('conversation-cwd').textContent()).toBe('~/other-project');

    // Ctrl+Enter sends; Escape interrupts the running turn.
    model.enqueue({ ...R.reply(R.message('a very slow answer that will be cut off')), frameDelayMs: 400 });
    await page.getByLabel('Message', { exact: true }).fill('take your time');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('button', { name: 'Interrupt' }).waitFor({ timeout: 20_000 });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.notice').textContent(), { timeout: 20_000 }).toBe('Turn interrupted');

    // Ctrl+K opens the command palette; a command runs with Enter.
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.getByRole('textbox', { name: 'Command' }).fill('go to picture');
    await palette.getByRole('textbox', { name: 'Command' }).press('Enter');
    await palette.waitFor({ state: 'detached' });
    await expect.poll(active).toBe('what is in this picture?');
    await page.keyboard.press('Control+Shift+P');
    await palette.waitFor();
    await page.keyboard.press('Escape');
    await palette.waitFor({ state: 'detached' });
    expect(h.pageErrors, h.pageErrors.join('\n')).toEqual([]);
  });

  it('follows the OS colour scheme, and a theme picked in the palette wins', async () => {
    const { page } = h;
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(bg).toBe('rgb(23, 23, 26)');
    await page.screenshot({ path: '/tmp/codex-desktop-e2e-dark.png' });
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(bg).toBe('rgb(247, 247, 248)');
    // Type into the palette's field once it is there: keys pressed before it mounts go nowhere.
    const pick = async (words: string) => {
      await page.keyboard.press('Control+k');
      const field = page.getByRole('dialog', { name: 'Command palette' }).getByRole('textbox', { name: 'Command' });
      await field.fill(words);
      await field.press('Enter');
      await field.waitFor({ state: 'detached' });
    };
    await pick('theme dark');
    await expect.poll(bg).toBe('rgb(23, 23, 26)');
    await pick('theme follow');
    await expect.poll(bg).toBe('rgb(247, 247, 248)');
  });

  it('renders a 2000-item thread as a window of rows and scrolls through it', async () => {
    const { page, home, workspace } = h;
    const id = '019a0000-0000-7000-8000-000000002000';
    writeLongSession(home, workspace, { id, title: 'the long thread', count: 2000 });

    await page.getByRole('button', { name: 'Refresh threads' }).click();
    const opened = Date.now();
    await page.getByRole('button', { name: /the long thread/ }).click();
    const log = page.getByRole('log', { name: 'Messages' });
    await expect.poll(() => log.getAttribute('data-count'), { timeout: 20_000 }).toBe('2000');
    // It opens at the bottom: the newest answer is on screen.
    await page.getByText('answer 1999').waitFor();
    const firstScreenMs = Date.now() - opened;
    const rows = await log.locator('.vrow').count();
    expect(rows).toBeGreaterThan(5);
    expect(rows).toBeLessThan(80);
    await log.evaluate((el) => (el.scrollTop = 0));
    await page.getByText('question 0', { exact: true }).waitFor();
    expect(await page.getByText('answer 1999').count()).toBe(0);
    await log.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
    await expect.poll(async () => Number(await log.locator('.vrow').first().getAttribute('data-index'))).toBeGreaterThan(500);
    expect(await log.locator('.vrow').count()).toBeLessThan(80);
    await log.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.getByText('answer 1999').waitFor();
    console.log(`2000-item thread: first screen after ${firstScreenMs} ms, ${rows} rows mounted`);
    expect(h.pageErrors, h.pageErrors.join('\n')).toEqual([]);
  });

  it('shows the exec-server environment a thread runs in and its connection state', async () => {
    const { page, model, workspace, home } = h;
    const server = new ExecServer({});
    const listener = await listenWebSocket(server, { host: '127.0.0.1', port: 0 });
    const envFile = join(home, 'environments.toml');
    writeFileSync(envFile, `default = "devbox"\n[[environments]]\nid = "devbox"\nurl = "${listener.url}"\n`);
    try {
      await startThread(page, workspace);
      const badge = page.getByTestId('environment');
      expect(await badge.textContent()).toBe('devbox · not connected yet');
      model.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: 'echo on-devbox' }, callId: 'env1' }), R.text('Ran it.'));
      await send(page, 'run on the devbox');
      await expect.poll(() => page.getByTestId('agent-message').last().textContent(), { timeout: 20_000 }).toBe('Ran it.');
      expect(await badge.textContent()).toBe('devbox · connected');
      expect(server.sessionsCreated).toBe(1);
      listener.dropConnections();
      await expect.poll(() => badge.textContent(), { timeout: 10_000 }).toBe('devbox · disconnected');
    } finally {
      rmSync(envFile, { force: true });
      await listener.close();
      await server.close();
    }
  });
  it('asks before an MCP tool call, shows the tool and its arguments, and runs it on "Allow once"', async () => {
    const { page, model, workspace, configFile } = h;
    const original = readFileSync(configFile, 'utf8');
    const fixture = join(REPO_ROOT, 'tests/support/mcpTestServer.mjs');
    writeFileSync(configFile, `${original}\n[mcp_servers.demo]\ncommand = "${process.execPath}"\nargs = ["${fixture}"]\nstartup_timeout_sec = 60\n`);
    const marker = join(workspace, 'mcp-touched.txt');
    try {
      await startThread(page, workspace, 'read-only', 'on-request');
      model.enqueue(R.functionCall({ name: 'touch', namespace: 'mcp__demo', arguments: { path: marker }, callId: 'mcp1' }), R.text('Touched it.'));
      await send(page, 'touch the marker');
      const dialog = page.getByRole('dialog', { name: 'Approval request' });
      await dialog.waitFor({ timeout: 60_000 });
      const text = await dialog.textContent();
      expect(text).toContain('Allow this MCP tool call?');
      expect(text).toContain('demo · Touch a file');
      expect(text).toContain('Allow the demo MCP server to run tool "touch"?');
      expect(text).toContain(marker);
      // The tool's approval mode is auto: the session and "always" options are offered.
      expect(await dialog.getByRole('button').allTextContents()).toEqual(['Allow once', 'Allow for session', 'Always allow', 'Deny']);
      expect(existsSync(marker)).toBe(false);
      await page.screenshot({ path: '/tmp/codex-desktop-e2e-mcp-approval.png' });
      await dialog.getByRole('button', { name: 'Allow once' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(() => page.getByTestId('agent-message').last().textContent(), { timeout: 30_000 }).toBe('Touched it.');
      expect(readFileSync(marker, 'utf8')).toBe('touched');
    } finally {
      writeFileSync(configFile, original);
    }
  });

  it('shows each MCP server starting, ready with its tools or failed, and switches one off in config.toml', async () => {
    const { page, workspace, configFile } = h;
    const original = readFileSync(configFile, 'utf8');
    const fixture = join(REPO_ROOT, 'tests/support/mcpTestServer.mjs');
    const everything = join(REPO_ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
    const servers = [
      `# servers for the status spec`,
      `[mcp_servers.demo]\ncommand = "${process.execPath}"\nargs = ["${fixture}"]\nstartup_timeout_sec = 60`,
      `[mcp_servers.everything]\ncommand = "${process.execPath}"\nargs = ["${everything}"]\nstartup_timeout_sec = 60`,
      `[mcp_servers.broken] # exits at once\ncommand = "${process.execPath}"\nargs = ["${fixture}", "fail"]`,
    ].join('\n\n');
    writeFileSync(configFile, `${original}\n${servers}\n`);
    try {
      await startThread(page, workspace);
      const badge = page.getByTestId('mcp-badge');
      await expect.poll(() => badge.textContent(), { timeout: 60_000 }).toBe('MCP 2/3 ready · failed');
      expect(await badge.getAttribute('title')).toMatch(/broken: failed \(.*stderr: fixture: refusing to start\)/);

      await badge.click();
      const dialog = page.getByRole('dialog', { name: 'Settings' });
      const row = (name: string) => dialog.getByTestId(`mcp-server-${name}`);
      await expect.poll(() => row('demo').locator('.mcp-state').textContent(), { timeout: 30_000 }).toMatch(/^ready · \d+ tools$/);
      expect(await row('everything').locator('.mcp-state').textContent()).toMatch(/^ready · \d+ tools · \d+ resources · \d+ prompts$/);
      expect(await row('broken').locator('.mcp-state').textContent()).toMatch(/^failed: .* — stderr: fixture: refusing to start$/);
      await row('demo').getByText('What it offers').click();
      expect(await row('demo').locator('.mcp-names').first().textContent()).toContain('echo.text');
      await page.screenshot({ path: '/tmp/codex-desktop-e2e-mcp-servers.png' });

      const before = readFileSync(configFile, 'utf8');
      await row('broken').getByLabel('Enable broken').uncheck();
      await expect
        .poll(() => dialog.getByRole('group', { name: 'MCP servers' }).getByRole('status').textContent(), { timeout: 20_000 })
        .toContain('broken disabled in');
      expect(readFileSync(configFile, 'utf8')).toBe(before.replace('"fail"]\n', '"fail"]\nenabled = false\n'));
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'detached' });

      // A new thread follows the file: two servers, both ready.
      await startThread(page, workspace);
      await expect.poll(() => page.getByTestId('mcp-badge').textContent(), { timeout: 60_000 }).toBe('MCP 2/2 ready');
    } finally {
      writeFileSync(configFile, original);
      // A failure above must not leave the dialog over the next spec's page.
      const open = page.getByRole('dialog', { name: 'Settings' });
      if (await open.count()) await open.getByRole('button', { name: 'Close' }).click();
    }
  });

  it('renders the answer as Markdown while it streams, never as HTML', async () => {
    const { page, model, workspace } = h;
    await startThread(page, workspace);
    const answer = [
      '## Plan',
      'Run `npm test` **first**, then see [the docs](https://example.com/docs).',
      '',
      '- step one',
      '- step two',
      '',
      '```sh',
      'echo "<b>not bold</b>"',
      '```',
      '<img src=x onerror="window.__pwned=1">',
    ].join('\n');
    model.enqueue({ ...R.reply(R.message(answer)), frameDelayMs: 20 });
    await send(page, 'markdown please');
    const msg = page.getByTestId('agent-message').last();
    await expect.poll(() => msg.locator('pre.md-code code').textContent(), { timeout: 20_000 }).toBe('echo "<b>not bold</b>"');
    await waitIdle(page);
    expect(await msg.locator('h4').textContent()).toBe('Plan');
    expect(await msg.locator('p code').first().textContent()).toBe('npm test');
    expect(await msg.locator('strong').textContent()).toBe('first');
    expect(await msg.locator('a').getAttribute('href')).toBe('https://example.com/docs');
    expect(await msg.locator('li').allTextContents()).toEqual(['step one', 'step two']);
    // Markup from the model stays text.
    expect(await msg.locator('img, b').count()).toBe(0);
    expect(await msg.textContent()).toContain('<img src=x onerror="window.__pwned=1">');
    expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
    await page.screenshot({ path: '/tmp/codex-desktop-e2e-markdown.png' });
  });
});
