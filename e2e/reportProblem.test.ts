// "Report a problem" in Chromium against the real core: the host's folder dialog
// (the test host's stand-in) picks where, the report lands there with secrets
// redacted and no auth.json, and the renderer never names the path itself.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from './support/browser.js';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  if (!chromiumAvailable()) return;
  h = await startHarness();
  appendFileSync(h.configFile, '\n[mcp_servers.gh]\ncommand = "gh-mcp"\nenabled = false\nenv = { GITHUB_TOKEN = "ghp_SECRET_in_config_123" }\n');
  writeFileSync(join(h.home, 'auth.json'), JSON.stringify({ OPENAI_API_KEY: 'sk-never-exported-0123456789' }), { mode: 0o600 });
});
afterAll(async () => {
  await h?.close();
});

describe.skipIf(!chromiumAvailable())('report a problem in Chromium', () => {
  it('saves a redacted report where the dialog says, and says where', async () => {
    const { page, host } = h;
    const dest = mkdtempSync(join(tmpdir(), 'codex-e2e-report-'));
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const section = page.getByRole('group', { name: 'Report a problem' });

    host.folderPicker.answer = null;
    await section.getByRole('button', { name: 'Save a problem report…' }).click();
    await expect.poll(() => section.getByRole('status').textContent()).toBe('Cancelled');
    expect(readdirSync(dest)).toEqual([]);

    host.folderPicker.answer = dest;
    await section.getByRole('button', { name: 'Save a problem report…' }).click();
    await expect.poll(() => section.getByRole('status').textContent()).toMatch(/^Saved to /);
    const [folder] = readdirSync(dest);
    expect(folder).toMatch(/^codex-problem-report-\d{8}-\d{6}$/);
    expect(await section.getByRole('status').textContent()).toContain(join(dest, folder!));
    const files = readdirSync(join(dest, folder!));
    expect(files).toContain('config.toml');
    expect(files).toContain('about.json');
    expect(files).not.toContain('auth.json');
    const config = readFileSync(join(dest, folder!, 'config.toml'), 'utf8');
    expect(config).not.toContain('ghp_SECRET_in_config_123');
    expect(config).toContain('[REDACTED]');
    expect(config).toContain('gh-mcp');
    expect(host.folderPicker.askedAt).toEqual([null, null]);
    expect(h.pageErrors).toEqual([]);
  });
});
