// A project's own .codex/config.toml in the desktop, in Chromium against the real
// core: ignored with a visible notice (file, reason, Trust button) until trusted, Settings shows where each
// value comes from and the ignored file with a Trust button; once trusted, the form names the
// value the project sets (effort low) and its file, and
// the next thread there runs with the project's settings.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responses as R } from '../tests/support/scriptedServer.js';
import { chromiumAvailable } from './support/browser.js';
import { send, startHarness, startThread, waitIdle, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  if (!chromiumAvailable()) return;
  h = await startHarness({ configExtra: 'approval_policy = "never"\nsandbox_mode = "danger-full-access"\n' });
  mkdirSync(join(h.workspace, '.codex'));
  writeFileSync(join(h.workspace, '.codex', 'config.toml'), 'model = "from-project"\nmodel_reasoning_effort = "low"\n');
});
afterAll(async () => {
  await h?.close();
});

describe.skipIf(!chromiumAvailable())('project config trust in Chromium', () => {
  it("ignores an untrusted project's config with a notice, shows each value's layer, and applies the config once trusted", async () => {
    const { page, model } = h;
    const projectFile = join(h.workspace, '.codex', 'config.toml');
    await startThread(page, h.workspace);
    const notice = page.getByRole('alert', { name: 'Project config ignored' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain(
      `This project's config is ignored: ${projectFile}. To load config.toml, add ${h.workspace} as a trusted project in ${h.configFile}.`,
    );
    model.enqueue(R.text('first'));
    await send(page, 'one');
    await waitIdle(page);
    expect(model.requests.at(-1)!.body.model).toBe('gpt-5.5');

    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const sources = page.getByRole('group', { name: /Where settings come from/ });
    await expect.poll(() => sources.getByTestId('origin-model').locator('dd').textContent()).toBe(h.configFile);
    expect(await sources.getByTestId('origin-model_reasoning_effort').locator('dd').textContent()).toBe('default');
    const layer = sources.getByTestId('project-layer');
    expect(await layer.textContent()).toContain(`${projectFile} ignored: To load config.toml, add ${h.workspace} as a trusted project`);
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    expect(await dialog.getByTestId('effective-effort').count()).toBe(0);

    await layer.getByRole('button', { name: `Trust ${h.workspace}` }).click();
    await expect.poll(() => sources.getByTestId('origin-model').locator('dd').textContent()).toBe(projectFile);
    expect(await layer.textContent()).toContain('applied (trusted project)');
    // The form keeps the user's own value, and says what applies in this project and where it is set.
    expect(await dialog.getByLabel('Reasoning effort').inputValue()).toBe('');
    expect(await dialog.getByTestId('effective-effort').textContent()).toBe(`In ${h.workspace}: low (set in ${projectFile})`);
    expect(readFileSync(h.configFile, 'utf8')).toContain(`projects."${h.workspace}".trust_level = "trusted"`);
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    // The notice over the conversation is gone with the trust.
    await notice.waitFor({ state: 'detached' });

    await startThread(page, h.workspace);
    model.enqueue(R.text('second'));
    await send(page, 'two');
    await waitIdle(page);
    expect(model.requests.at(-1)!.body.model).toBe('from-project');
    expect(h.pageErrors).toEqual([]);
  });
});
