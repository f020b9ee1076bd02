// Skills in the desktop, in Chromium against the real core: Settings lists what
// skills/list finds (and a broken SKILL.md), and `$name` typed in the composer
// reaches the model as Codex's <skill> message after the user's.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responses as R } from '../tests/support/scriptedServer.js';
import { chromiumAvailable } from './support/browser.js';
import { send, startHarness, startThread, waitIdle, type Harness } from './support/harness.js';

let h: Harness;
let skillFile: string;
beforeAll(async () => {
  if (!chromiumAvailable()) return;
  h = await startHarness({ configExtra: 'approval_policy = "never"\nsandbox_mode = "danger-full-access"\n' });
  mkdirSync(join(h.home, 'skills', 'release-notes'), { recursive: true });
  skillFile = join(h.home, 'skills', 'release-notes', 'SKILL.md');
  writeFileSync(skillFile, '---\nname: release-notes\ndescription: Write release notes from the git log.\n---\nRun git log --oneline and group by area.\n');
  mkdirSync(join(h.workspace, '.agents', 'skills', 'bad'), { recursive: true });
  writeFileSync(join(h.workspace, '.agents', 'skills', 'bad', 'SKILL.md'), 'no front matter\n');
});
afterAll(async () => {
  await h?.close();
});

describe.skipIf(!chromiumAvailable())('skills in Chromium', () => {
  it('lists the skills in Settings and sends a $named skill to the model', async () => {
    const { page, model } = h;
    await startThread(page, h.workspace);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const skills = page.getByRole('group', { name: 'Skills' });
    await expect.poll(() => skills.getByTestId('skill-release-notes').textContent()).toBe('$release-notes (user) Write release notes from the git log.');
    expect(await skills.getByRole('alert').textContent()).toContain('missing YAML frontmatter delimited by ---');
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Close', exact: true }).click();

    model.enqueue(R.text('Notes written.'));
    await send(page, 'use $release-notes for this week');
    await waitIdle(page);
    const texts = model.requests[0]!.body.input.filter((i: any) => i.type === 'message' && i.role === 'user').map((i: any) =>
      i.content.map((c: any) => c.text ?? '').join(''),
    );
    const at = texts.indexOf('use $release-notes for this week');
    expect(texts[at + 1]).toBe(`<skill>\n<name>release-notes</name>\n<path>${skillFile}</path>\n${readFileSync(skillFile, 'utf8')}\n</skill>`);
    const dev = model.requests[0]!.body.input.filter((i: any) => i.role === 'developer')
      .map((i: any) => i.content[0].text)
      .join('\n');
    expect(dev).toContain('- release-notes: Write release notes from the git log. (file: r0/release-notes/SKILL.md)');
    expect(h.pageErrors).toEqual([]);
  });

  it('turns a skill off from Settings: config.toml gets its [[skills.config]] entry and the model no longer hears of it', async () => {
    const { page, model } = h;
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const skills = page.getByRole('group', { name: 'Skills' });
    const toggle = skills.getByRole('checkbox', { name: 'Use $release-notes' });
    await expect.poll(() => toggle.isChecked()).toBe(true);
    await toggle.click();
    await expect.poll(() => readFileSync(h.configFile, 'utf8')).toContain(`[[skills.config]]\npath = ${JSON.stringify(skillFile)}\nenabled = false\n`);
    await expect.poll(() => toggle.isChecked()).toBe(false);
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Close', exact: true }).click();

    await startThread(page, h.workspace);
    model.enqueue(R.text('ok'));
    const before = model.requests.length;
    await send(page, 'hello again');
    await waitIdle(page);
    const dev = model.requests[before]!.body.input.filter((i: any) => i.role === 'developer')
      .map((i: any) => i.content[0].text)
      .join('\n');
    expect(dev).not.toContain('release-notes');

    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await toggle.click();
    await expect.poll(() => readFileSync(h.configFile, 'utf8')).not.toContain('[[skills.config]]');
    expect(h.pageErrors).toEqual([]);
  });
});
