// New thread through the project picker, in real Chromium against the real
// core: the sidebar's New thread opens it; a typed folder, a recent project
// (searched, then Enter) and "Choose folder…" (the OS dialog's stand-in) each
// start a thread there; the projects are remembered by the host across a
// restart and listed in the sidebar, each with its own New-thread button.
// Screenshots of the picker and the sidebar in light and dark.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumAvailable } from './support/browser.js';
import { projectPicker, startHarness, startThread, threadRows, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  if (!chromiumAvailable()) return;
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const cwdShown = () => h.page.getByTestId('conversation-cwd').textContent();
const sidebarProjects = () => h.page.getByRole('list', { name: 'Projects', exact: true }).locator('li .project-name');
const pickerOptions = () => projectPicker(h.page).getByRole('listbox', { name: 'Projects' }).getByRole('option');

async function screenshots(name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await h.page.emulateMedia({ colorScheme: scheme });
    await h.page.screenshot({ path: `/tmp/codex-desktop-e2e-${name}-${scheme}.png` });
  }
  await h.page.emulateMedia({ colorScheme: 'light' });
}

describe.skipIf(!chromiumAvailable())('project picker in Chromium', () => {
  it('starts threads in a typed folder, a chosen folder and a recent project; the host remembers them across a restart', async () => {
    const { page } = h;
    // No form fills the sidebar any more: one New thread button.
    expect(await page.getByLabel('Working directory').count()).toBe(0);
    await startThread(page, h.workspace);
    await expect.poll(cwdShown, { timeout: 20_000 }).toBe('~/ws');

    // Choose folder…: the host's folder dialog answers, the thread starts there.
    const chosen = join(h.root, 'chosen app');
    mkdirSync(chosen);
    h.host.folderPicker.answer = chosen;
    await page.getByRole('button', { name: 'New thread', exact: true }).click();
    await projectPicker(page).getByRole('button', { name: 'Choose folder…' }).click();
    await expect.poll(cwdShown, { timeout: 20_000 }).toBe('~/chosen app');
    await expect.poll(() => h.host.tracker.list().some((t) => t.cwd === chosen), { timeout: 10_000 }).toBe(true);
    expect(await projectPicker(page).count()).toBe(0);

    // The host keeps the projects, newest first, in its data folder.
    const file = join(h.root, 'desktop-data', 'recent-projects.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ projects: [chosen, h.workspace] });
    await expect.poll(() => sidebarProjects().allTextContents()).toEqual(['chosen app', 'ws']);

    // After a restart the new host reads them back from its file, and the picker offers both.
    await h.restartHost();
    await h.page.getByRole('region', { name: 'Welcome' }).waitFor();
    expect(await h.page.evaluate(() => (window as any).codex.recentProjects())).toEqual([chosen, h.workspace]);
    await expect.poll(() => sidebarProjects().allTextContents(), { timeout: 20_000 }).toEqual(['chosen app', 'ws']);
    await h.page.getByRole('button', { name: 'New thread', exact: true }).click();
    await expect.poll(() => pickerOptions().allTextContents()).toEqual(['chosen app~/chosen app', 'ws~/ws']);
    await screenshots('project-picker');

    // Search narrows the list; Enter starts the thread in the one highlighted.
    const search = projectPicker(h.page).getByLabel('Project or folder');
    await search.fill('ws');
    await expect.poll(() => pickerOptions().allTextContents()).toEqual(['ws~/ws']);
    await search.press('Enter');
    await expect.poll(cwdShown, { timeout: 20_000 }).toBe('~/ws');
    await expect.poll(() => sidebarProjects().allTextContents()).toEqual(['ws', 'chosen app']);

    // A project's own New-thread button in the sidebar starts one there at once.
    const rows = await threadRows(h.page).count();
    await h.page.getByRole('list', { name: 'Projects', exact: true }).getByRole('button', { name: 'New thread in chosen app' }).click();
    await expect.poll(cwdShown, { timeout: 20_000 }).toBe('~/chosen app');
    expect(await threadRows(h.page).count()).toBe(rows + 1);
    await screenshots('sidebar-projects');

    // Escape closes the picker without starting anything.
    await h.page.getByRole('button', { name: 'New thread', exact: true }).click();
    await projectPicker(h.page).getByLabel('Project or folder').press('Escape');
    expect(await projectPicker(h.page).count()).toBe(0);
    expect(await threadRows(h.page).count()).toBe(rows + 1);
    expect(h.pageErrors).toEqual([]);
  });
});
