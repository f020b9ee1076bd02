// Settings › Updates in Chromium: the real UpdateService behind the test host,
// checking a signed feed served on loopback. The page shows the version, the
// check, the download finishing, and "Restart to update", which reaches the host.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from './support/browser.js';
import { startHarness, type Harness } from './support/harness.js';
import { UpdateService } from '../main/desktop/update/updateService.js';
import { makeSigningKeys, publishRelease, startFeedServer, type FeedServer } from '../tests/support/updateFeed.js';

let h: Harness;
let feed: FeedServer;
const restarts: string[] = [];
const root = mkdtempSync(join(tmpdir(), 'codex-e2e-update-'));
const stagingDir = join(root, 'pending-update');

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  const keys = makeSigningKeys();
  publishRelease(join(root, 'feed'), keys, { version: '1.3.0', artifact: { name: 'Codex Desktop-1.3.0.AppImage', body: Buffer.alloc(50_000, 'v1.3.0') } });
  feed = await startFeedServer(join(root, 'feed'));
  h = await startHarness({
    updates: (pushStatus) => {
      const service = new UpdateService({
        currentVersion: '1.2.0',
        feedUrl: feed.url,
        publicKeyPem: keys.publicKeyPem,
        stagingDir,
        target: { kind: 'appimage', appImage: join(root, 'Codex.AppImage'), extension: '.AppImage' },
        platform: 'linux',
        arch: 'x64',
        onStatus: pushStatus,
      });
      return {
        status: () => service.status(),
        check: () => service.check(),
        // The shell would quit here and install at will-quit (tests/desktop/autoUpdate.test.ts covers the install).
        restartToUpdate: async () => {
          restarts.push(service.status().version ?? '');
          return service.status();
        },
      };
    },
  });
});
afterAll(async () => {
  await h?.close();
  await feed?.close();
});

describe.skipIf(!chromiumAvailable())('updates in Chromium', () => {
  it('shows the version, checks, downloads, and offers Restart to update', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const section = page.getByRole('group', { name: 'Updates' });
    await expect.poll(() => section.textContent()).toContain('Version 1.2.0');
    expect(await section.getByRole('status').textContent()).toBe('Not checked yet');
    expect(await section.getByRole('button', { name: 'Restart to update' }).count()).toBe(0);

    await section.getByRole('button', { name: 'Check for updates' }).click();
    await expect.poll(() => section.getByRole('status').textContent()).toBe('Version 1.3.0 is ready; it installs when the app restarts');
    expect(readdirSync(stagingDir).sort()).toEqual(['codex-desktop-1.3.0.AppImage', 'pending-install.json']);

    await section.getByRole('button', { name: 'Restart to update' }).click();
    await expect.poll(() => restarts).toEqual(['1.3.0']);
    expect(h.pageErrors).toEqual([]);
  });
});
