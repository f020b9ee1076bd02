// The updater's decisions, free of Electron: check the signed feed, download and
// verify the new version into the staging folder, mark it pending, and report a
// status the Settings page shows. The shell (main/electron/autoUpdate.ts) only
// supplies where things are and installs the pending file at quit.
import path from 'node:path';
import type { UpdateStatus } from '../../../shared/ipc/contract.js';
import { checkTransport, feedFileName, parseUpdateFeed, pickFeedFile, verifyFeedSignature, type UpdateChannel } from './updateFeed.js';
import { downloadVerified } from './verifiedDownload.js';
import { clearStaging, readPendingInstall, writePendingInstall, type PendingInstall } from './pendingInstall.js';
import { isUpdate, parseSemVer } from './version.js';
import type { InstallTarget } from './installPlan.js';

export interface UpdateServiceOptions {
  currentVersion: string;
  /** The generic publish URL (a folder holding the feed files); null: updates are not configured for this build. */
  feedUrl: string | null;
  /** The Ed25519 public key (PEM) feeds must be signed with; null: no update is ever accepted. */
  publicKeyPem: string | null;
  stagingDir: string;
  target: InstallTarget;
  platform: NodeJS.Platform;
  arch: string;
  channel?: UpdateChannel;
  fetch?: typeof fetch;
  onStatus?: (status: UpdateStatus) => void;
  log?: (line: string) => void;
}

export class UpdateService {
  private current: UpdateStatus;
  private pending: PendingInstall | null = null;
  private running: Promise<UpdateStatus> | null = null;
  private readonly ready: Promise<void>;

  constructor(private readonly opts: UpdateServiceOptions) {
    this.current = { currentVersion: opts.currentVersion, state: 'idle', version: null, progress: null, message: null };
    const why = this.unavailableReason();
    if (why) this.current = { ...this.current, state: 'unavailable', message: why };
    this.ready = this.loadStaged();
  }

  status(): UpdateStatus {
    return this.current;
  }

  /** The verified update to install at quit, if any. */
  async pendingInstall(): Promise<PendingInstall | null> {
    await this.ready;
    return this.pending;
  }

  /** Checks the feed and, when there is a newer version, downloads and stages it. One check at a time. */
  check(): Promise<UpdateStatus> {
    this.running ??= this.runCheck().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private unavailableReason(): string | null {
    if (this.opts.target.kind === 'unsupported') return this.opts.target.reason;
    if (!this.opts.feedUrl) return 'this build has no update feed configured';
    if (!this.opts.publicKeyPem) return 'this build has no update signing key';
    if (!parseSemVer(this.opts.currentVersion)) return `the app's version ${this.opts.currentVersion} is not a semantic version`;
    return null;
  }

  private async loadStaged(): Promise<void> {
    const state = await readPendingInstall(this.opts.stagingDir, this.opts.currentVersion);
    if (state.kind === 'pending') {
      this.pending = state.install;
      this.set({ state: 'ready', version: state.install.version, progress: null, message: null });
    } else if (state.kind === 'applied') {
      this.opts.log?.(`updater: now running ${state.version}`);
      this.set({ state: 'up-to-date', version: null, progress: null, message: `Updated to ${state.version}` });
    } else if (state.kind === 'discarded') this.opts.log?.(`updater: discarded the staged update: ${state.reason}`);
  }

  private async runCheck(): Promise<UpdateStatus> {
    await this.ready;
    const why = this.unavailableReason();
    if (why) return this.set({ state: 'unavailable', version: null, progress: null, message: why });
    if (this.pending) return this.current;
    const fetchFn = this.opts.fetch ?? fetch;
    this.set({ state: 'checking', version: null, progress: null, message: null });
    try {
      const base = new URL(this.opts.feedUrl!.endsWith('/') ? this.opts.feedUrl! : `${this.opts.feedUrl}/`);
      checkTransport(base, 'the update feed');
      const feedUrl = new URL(feedFileName(this.opts.channel ?? 'latest', this.opts.platform, this.opts.arch), base);
      const body = await fetchBytes(fetchFn, feedUrl);
      const signature = await fetchBytes(fetchFn, new URL(`${feedUrl.pathname.split('/').pop()}.sig`, feedUrl));
      verifyFeedSignature(body, signature.toString('utf8'), this.opts.publicKeyPem!, feedUrl.href);
      const feed = parseUpdateFeed(body.toString('utf8'), feedUrl);
      const current = parseSemVer(this.opts.currentVersion)!;
      // Prereleases only on a prerelease channel or from a prerelease build.
      const allowPrerelease = (this.opts.channel ?? 'latest') !== 'latest' || current.prerelease.length > 0;
      if (!isUpdate(current, feed.semver, allowPrerelease)) return this.set({ state: 'up-to-date', version: null, progress: null, message: null });
      if (this.opts.target.kind === 'unsupported') throw new Error(this.opts.target.reason);
      const file = pickFeedFile(feed, this.opts.target.extension);
      this.set({ state: 'downloading', version: feed.version, progress: { transferred: 0, total: file.size }, message: null });
      clearStaging(this.opts.stagingDir);
      const staged = await downloadVerified({
        file,
        stagingDir: this.opts.stagingDir,
        fileName: `codex-desktop-${feed.version}${this.opts.target.extension}`,
        fetch: fetchFn,
        onProgress: (progress) => this.set({ ...this.current, progress }),
      });
      this.pending = { version: feed.version, file: staged, sha512: file.sha512, size: file.size };
      writePendingInstall(this.opts.stagingDir, this.pending);
      this.opts.log?.(`updater: ${feed.version} downloaded and verified (${path.basename(staged)})`);
      return this.set({ state: 'ready', version: feed.version, progress: null, message: null });
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      this.opts.log?.(`updater: ${message}`);
      return this.set({ state: 'error', version: null, progress: null, message });
    }
  }

  private set(patch: Omit<UpdateStatus, 'currentVersion'>): UpdateStatus {
    this.current = { currentVersion: this.opts.currentVersion, ...patch };
    this.opts.onStatus?.(this.current);
    return this.current;
  }
}

/** Feed files are a few hundred bytes; anything past this is not a feed. */
const MAX_FEED_BYTES = 1024 * 1024;

async function fetchBytes(fetchFn: typeof fetch, url: URL): Promise<Buffer> {
  const res = await fetchFn(url, { redirect: 'error' });
  if (!res.ok) throw new Error(`${url.href}: HTTP ${res.status}`);
  if (Number(res.headers.get('content-length') ?? 0) > MAX_FEED_BYTES) throw new Error(`${url.href}: larger than ${MAX_FEED_BYTES} bytes, not an update feed`);
  const body = Buffer.from(await res.arrayBuffer());
  if (body.length > MAX_FEED_BYTES) throw new Error(`${url.href}: larger than ${MAX_FEED_BYTES} bytes, not an update feed`);
  return body;
}
