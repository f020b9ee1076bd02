// The desktop updater against a real feed server on loopback: electron-builder's
// latest-linux.yml with an Ed25519 signature, real downloads into a staging
// folder, and the install an AppImage does at quit, on real files. No network
// beyond 127.0.0.1.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../shared/ipc/contract.js';
import { UpdateService, type UpdateServiceOptions } from '../../main/desktop/update/updateService.js';
import { PENDING_MARKER, readPendingInstall } from '../../main/desktop/update/pendingInstall.js';
import { replaceAppImage } from '../../main/desktop/update/installPlan.js';
import { IpcRouter } from '../../main/ipc/router.js';
import { UPDATE_CHANNEL, UPDATE_STATUS_CHANNEL } from '../../shared/ipc/contract.js';
import { makeSigningKeys, publishRelease, sha512Base64, startFeedServer, type FeedServer } from '../support/updateFeed.js';

const keys = makeSigningKeys();
let root: string;
let feedDir: string;
let stagingDir: string;
let appImage: string;
let feed: FeedServer;
const INSTALLED = Buffer.from('#!/bin/sh\necho codex-desktop 1.2.0\n');

beforeEach(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'codex-update-'));
  feedDir = path.join(root, 'feed');
  stagingDir = path.join(root, 'userData', 'pending-update');
  appImage = path.join(root, 'Codex-Desktop.AppImage');
  writeFileSync(appImage, INSTALLED, { mode: 0o755 });
  feed = await startFeedServer(feedDir);
});
afterEach(async () => {
  await feed.close();
  rmSync(root, { recursive: true, force: true });
});

function service(over: Partial<UpdateServiceOptions> = {}, statuses: UpdateStatus[] = []): UpdateService {
  return new UpdateService({
    currentVersion: '1.2.0',
    feedUrl: feed.url,
    publicKeyPem: keys.publicKeyPem,
    stagingDir,
    target: { kind: 'appimage', appImage, extension: '.AppImage' },
    platform: 'linux',
    arch: 'x64',
    onStatus: (s) => statuses.push(s),
    ...over,
  });
}

const artifact = (version: string, bytes = 300_000) => ({
  name: `Codex Desktop-${version}.AppImage`,
  body: Buffer.alloc(bytes, `new build ${version}\n`),
});
const stagedFiles = () => (existsSync(stagingDir) ? readdirSync(stagingDir).sort() : []);
const appUntouched = () => expect(readFileSync(appImage)).toEqual(INSTALLED);

describe('update check', () => {
  it('finds no update when the feed offers the same or an older version, and downloads nothing', async () => {
    publishRelease(feedDir, keys, { version: '1.2.0', artifact: artifact('1.2.0') });
    expect((await service().check()).state).toBe('up-to-date');
    publishRelease(feedDir, keys, { version: '1.1.9', artifact: artifact('1.1.9') });
    expect((await service().check()).state).toBe('up-to-date');
    expect(feed.requests.filter((p) => p.endsWith('.AppImage'))).toEqual([]);
    expect(stagedFiles()).toEqual([]);
  });

  it('downloads a newer version into staging, verified, and leaves the installed app alone until quit', async () => {
    const statuses: UpdateStatus[] = [];
    const a = artifact('1.3.0');
    publishRelease(feedDir, keys, { version: '1.3.0', artifact: a });
    const s = service({}, statuses);
    const done = await s.check();
    expect(done).toMatchObject({ state: 'ready', version: '1.3.0', currentVersion: '1.2.0' });
    expect(statuses.map((x) => x.state)).toContain('downloading');
    const last = statuses.filter((x) => x.state === 'downloading').at(-1);
    expect(last?.progress).toEqual({ transferred: a.body.length, total: a.body.length });
    expect(stagedFiles()).toEqual(['codex-desktop-1.3.0.AppImage', PENDING_MARKER]);
    expect(readFileSync(path.join(stagingDir, 'codex-desktop-1.3.0.AppImage'))).toEqual(a.body);
    appUntouched();
    // The feed and its signature were asked for under electron-builder's Linux name.
    expect(feed.requests.slice(0, 2)).toEqual(['/updates/latest-linux.yml', '/updates/latest-linux.yml.sig']);
    // A second check keeps the staged update instead of downloading again.
    expect((await s.check()).state).toBe('ready');
    expect(feed.requests.filter((p) => p.endsWith('.AppImage'))).toHaveLength(1);
  });

  it('offers a prerelease only on a prerelease channel or to a prerelease build', async () => {
    publishRelease(feedDir, keys, { version: '1.3.0-beta.1', artifact: artifact('1.3.0-beta.1') });
    expect((await service().check()).state).toBe('up-to-date');
    publishRelease(feedDir, keys, { version: '1.3.0-beta.1', artifact: artifact('1.3.0-beta.1'), feedName: 'beta-linux.yml' });
    expect(await service({ channel: 'beta' }).check()).toMatchObject({ state: 'ready', version: '1.3.0-beta.1' });
    rmSync(stagingDir, { recursive: true });
    // A beta build moves to a newer beta, and never "up" to an older one.
    expect(await service({ currentVersion: '1.3.0-beta.0' }).check()).toMatchObject({ state: 'ready', version: '1.3.0-beta.1' });
    rmSync(stagingDir, { recursive: true });
    expect((await service({ currentVersion: '1.3.0-beta.2' }).check()).state).toBe('up-to-date');
    // The release follows its own prereleases.
    expect((await service({ currentVersion: '1.3.0' }).check()).state).toBe('up-to-date');
  });
});

describe('refused downloads', () => {
  it('refuses and deletes a truncated download', async () => {
    const a = artifact('1.3.0');
    publishRelease(feedDir, keys, { version: '1.3.0', artifact: a });
    writeFileSync(path.join(feedDir, a.name), a.body.subarray(0, 1000)); // the server lost the end
    const r = await service().check();
    expect(r.state).toBe('error');
    expect(r.message).toMatch(/ended at 1000 of 300000 bytes/);
    expect(stagedFiles()).toEqual([]);
    appUntouched();
  });

  it('refuses a file whose sha512 is not the one the signed feed names (file swapped on the server)', async () => {
    const a = artifact('1.3.0');
    publishRelease(feedDir, keys, { version: '1.3.0', artifact: a });
    const evil = Buffer.from(a.body);
    evil.write('evil', 100);
    writeFileSync(path.join(feedDir, a.name), evil);
    const r = await service().check();
    expect(r).toMatchObject({ state: 'error', message: expect.stringMatching(/does not match the feed's sha512/) });
    expect(stagedFiles()).toEqual([]);
    appUntouched();
  });

  it('stops a download that runs past the size the feed names', async () => {
    const a = artifact('1.3.0');
    publishRelease(feedDir, keys, { version: '1.3.0', artifact: a, claimedSize: 4096, claimedSha512: sha512Base64(a.body.subarray(0, 4096)) });
    const r = await service().check();
    expect(r.message).toMatch(/larger than the 4096 bytes/);
    expect(stagedFiles()).toEqual([]);
  });
});

describe('feed signature', () => {
  it('refuses a feed changed after signing, before downloading anything', async () => {
    const a = artifact('1.3.0');
    const yml = publishRelease(feedDir, keys, { version: '1.3.0', artifact: a });
    const evil = Buffer.alloc(1000, 'evil');
    writeFileSync(path.join(feedDir, 'evil.AppImage'), evil);
    // Points the signed feed at another file with that file's real hash.
    writeFileSync(
      path.join(feedDir, 'latest-linux.yml'),
      yml
        .replaceAll(a.name, 'evil.AppImage')
        .replaceAll(sha512Base64(a.body), sha512Base64(evil))
        .replace(/size: \d+/, 'size: 1000'),
    );
    const r = await service().check();
    expect(r).toMatchObject({ state: 'error', message: expect.stringMatching(/bad signature on .*latest-linux\.yml/) });
    expect(feed.requests.filter((p) => p.endsWith('.AppImage'))).toEqual([]);
    expect(stagedFiles()).toEqual([]);
  });

  it('refuses a feed signed with another key, and an unsigned feed', async () => {
    publishRelease(feedDir, makeSigningKeys(), { version: '1.3.0', artifact: artifact('1.3.0') });
    expect((await service().check()).message).toMatch(/bad signature/);
    rmSync(path.join(feedDir, 'latest-linux.yml.sig'));
    expect((await service().check()).message).toMatch(/latest-linux\.yml\.sig: HTTP 404/);
    expect(stagedFiles()).toEqual([]);
  });
});

describe('installed on restart', () => {
  it('installs the staged AppImage at quit; the next start sees the new version and clears staging', async () => {
    const a = artifact('1.3.0');
    publishRelease(feedDir, keys, { version: '1.3.0', artifact: a });
    await service().check();
    // What the shell does at quit: re-validate the marker, then replace the AppImage.
    const state = await readPendingInstall(stagingDir, '1.2.0');
    expect(state.kind).toBe('pending');
    if (state.kind !== 'pending') return;
    replaceAppImage(state.install, appImage);
    expect(readFileSync(appImage)).toEqual(a.body);
    expect(statSync(appImage).mode & 0o777).toBe(0o755);
    // Next start, now 1.3.0.
    const next = service({ currentVersion: '1.3.0' });
    await next.pendingInstall();
    expect(next.status()).toMatchObject({ state: 'up-to-date', message: 'Updated to 1.3.0' });
    expect(stagedFiles()).toEqual([]);
  });

  it('a restart before quitting keeps the update pending: status is ready at the next start', async () => {
    publishRelease(feedDir, keys, { version: '1.3.0', artifact: artifact('1.3.0') });
    await service().check();
    const next = service();
    expect((await next.pendingInstall())?.version).toBe('1.3.0');
    expect(next.status()).toMatchObject({ state: 'ready', version: '1.3.0' });
  });

  it('discards a staged file changed after its download, and a marker that does not hold up', async () => {
    publishRelease(feedDir, keys, { version: '1.3.0', artifact: artifact('1.3.0') });
    await service().check();
    writeFileSync(path.join(stagingDir, 'codex-desktop-1.3.0.AppImage'), Buffer.alloc(300_000, 'x'));
    const state = await readPendingInstall(stagingDir, '1.2.0');
    expect(state).toMatchObject({ kind: 'discarded', reason: expect.stringMatching(/does not match its sha512/) });
    expect(stagedFiles()).toEqual([]);
    appUntouched();

    await service().check();
    const marker = path.join(stagingDir, PENDING_MARKER);
    writeFileSync(marker, JSON.stringify({ ...JSON.parse(readFileSync(marker, 'utf8')), file: '../../Codex-Desktop.AppImage' }));
    expect(await readPendingInstall(stagingDir, '1.2.0')).toMatchObject({ kind: 'discarded', reason: expect.stringMatching(/bare name/) });
    appUntouched();

    writeFileSync(path.join(stagingDir, PENDING_MARKER), '{not json');
    expect((await readPendingInstall(stagingDir, '1.2.0')).kind).toBe('discarded');
    // An update staged for a version older than what now runs is dropped.
    await service().check();
    expect(await readPendingInstall(stagingDir, '1.4.0')).toMatchObject({ kind: 'discarded', reason: expect.stringMatching(/older than the running 1\.4\.0/) });
  });
});

describe('when this copy cannot update', () => {
  it('says why and never asks the network', async () => {
    publishRelease(feedDir, keys, { version: '1.3.0', artifact: artifact('1.3.0') });
    expect(await service({ publicKeyPem: null }).check()).toMatchObject({ state: 'unavailable', message: 'this build has no update signing key' });
    expect(await service({ feedUrl: null }).check()).toMatchObject({ state: 'unavailable' });
    const deb = service({ target: { kind: 'unsupported', reason: 'this copy was installed by a package manager; update it there' } });
    expect(deb.status()).toMatchObject({ state: 'unavailable', message: expect.stringMatching(/package manager/) });
    expect(feed.requests).toEqual([]);
    // Plain http off this machine is refused before any request.
    expect((await service({ feedUrl: 'http://updates.example.com/desktop' }).check()).message).toMatch(/must be an https URL/);
  });
});

describe('Settings over the IPC contract', () => {
  it('answers status, checks, pushes each status change, and restarts only with an update ready', async () => {
    publishRelease(feedDir, keys, { version: '1.3.0', artifact: artifact('1.3.0', 20_000) });
    const pushed: { channel: string; payload: unknown }[] = [];
    const restarts: string[] = [];
    // As the shell does: every status goes to the window on UPDATE_STATUS_CHANNEL.
    const updater = service({ onStatus: (s) => pushed.push({ channel: UPDATE_STATUS_CHANNEL, payload: s }) });
    const ipc = new IpcRouter({
      push: (channel, payload) => pushed.push({ channel, payload }),
      updates: {
        status: () => updater.status(),
        check: () => updater.check(),
        restartToUpdate: async () => {
          restarts.push(updater.status().version ?? '');
          return updater.status();
        },
      },
    });
    expect(await ipc.invoke(UPDATE_CHANNEL, { action: 'status' })).toEqual({
      ok: true,
      result: { currentVersion: '1.2.0', state: 'idle', version: null, progress: null, message: null },
    });
    expect(await ipc.invoke(UPDATE_CHANNEL, { action: 'restart' })).toMatchObject({
      ok: false,
      error: { code: -32600, message: 'no downloaded update to install' },
    });
    expect(await ipc.invoke(UPDATE_CHANNEL, { action: 'install-now' })).toMatchObject({
      ok: false,
      error: { code: -32602, message: expect.stringContaining('codex:update') },
    });
    expect(await ipc.invoke(UPDATE_CHANNEL, { action: 'check', url: 'http://evil' })).toMatchObject({ ok: false, error: { code: -32602 } });
    expect(await ipc.invoke(UPDATE_CHANNEL, { action: 'check' })).toMatchObject({ ok: true, result: { state: 'ready', version: '1.3.0' } });
    expect(pushed.filter((p) => p.channel === UPDATE_STATUS_CHANNEL).map((p) => (p.payload as UpdateStatus).state)).toEqual(
      expect.arrayContaining(['checking', 'downloading', 'ready']),
    );
    expect(await ipc.invoke(UPDATE_CHANNEL, { action: 'restart' })).toMatchObject({ ok: true, result: { state: 'ready' } });
    expect(restarts).toEqual(['1.3.0']);
    // A host without an updater says so.
    expect(await new IpcRouter({ push: () => {} }).invoke(UPDATE_CHANNEL, { action: 'check' })).toMatchObject({ ok: false, error: { code: -32601 } });
  });
});

describe('the release tool (scripts/sign-update-feed.mjs)', () => {
  it('makes a key pair and signs feeds the app accepts with that public key', async () => {
    const tool = path.join(import.meta.dirname, '..', '..', 'scripts', 'sign-update-feed.mjs');
    const keyFile = path.join(root, 'release-key.pem');
    const publicKeyPem = execFileSync(process.execPath, [tool, 'keygen', keyFile], { encoding: 'utf8' });
    expect(publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    // It never overwrites a key.
    expect(() => execFileSync(process.execPath, [tool, 'keygen', keyFile], { stdio: 'pipe' })).toThrow();
    publishRelease(feedDir, makeSigningKeys(), { version: '1.3.0', artifact: artifact('1.3.0', 10_000) });
    expect((await service({ publicKeyPem }).check()).message).toMatch(/bad signature/);
    execFileSync(process.execPath, [tool, 'sign', keyFile, path.join(feedDir, 'latest-linux.yml')], { stdio: 'pipe' });
    expect(await service({ publicKeyPem }).check()).toMatchObject({ state: 'ready', version: '1.3.0' });
  });
});
