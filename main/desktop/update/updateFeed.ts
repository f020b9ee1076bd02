// One update feed: electron-builder's `<channel>[-linux|-mac].yml` next to its
// detached Ed25519 signature `<file>.sig` (base64), both under the generic
// publish URL. The signature covers the exact bytes of the yml and is checked
// with the public key built into the app before anything in it is believed, so a
// tampered feed (or a file whose sha512 it changed) is refused.
import { createPublicKey, verify } from 'node:crypto';
import * as z from 'zod/mini';
import { FeedFormatError, parseFeedYaml } from './feedYaml.js';
import { parseSemVer, type SemVer } from './version.js';

export type UpdateChannel = 'latest' | 'beta' | 'alpha';

/** electron-builder's feed file name for a platform (latest.yml on Windows, latest-mac.yml, latest-linux[-arm64].yml). */
export function feedFileName(channel: UpdateChannel, platform: NodeJS.Platform, arch: string): string {
  if (platform === 'darwin') return `${channel}-mac.yml`;
  if (platform === 'linux') return arch === 'x64' ? `${channel}-linux.yml` : `${channel}-linux-${arch}.yml`;
  return `${channel}.yml`;
}

export interface FeedFile {
  /** Absolute URL of the file (resolved against the feed's URL). */
  url: string;
  /** base64 of the file's SHA-512, as electron-builder writes it. */
  sha512: string;
  size: number;
}

export interface UpdateFeed {
  version: string;
  semver: SemVer;
  files: FeedFile[];
  releaseDate: string | null;
}

export class UpdateFeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpdateFeedError';
  }
}

// 64 bytes of SHA-512 in base64 are 88 characters ending in "==".
const sha512Shape = z.string().check(z.regex(/^[A-Za-z0-9+/]{86}==$/, 'must be the base64 of a SHA-512 digest'));
const feedShape = z.object({
  version: z.string(),
  files: z.array(z.object({ url: z.string().check(z.minLength(1)), sha512: sha512Shape, size: z.number().check(z.int(), z.positive()) })).check(z.minLength(1)),
  path: z.optional(z.string()),
  sha512: z.optional(sha512Shape),
  releaseDate: z.optional(z.string()),
});

/** Feeds and files come over https, or plain http only from this machine (tests, a local mirror). */
export function checkTransport(url: URL, what: string): void {
  if (url.protocol === 'https:') return;
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol === 'http:' && loopback) return;
  throw new UpdateFeedError(`${what} must be an https URL (or http on loopback): ${url.href}`);
}

/** Checks `signature` (base64 Ed25519 over `body`) with the app's public key (PEM); throws when it does not hold. */
export function verifyFeedSignature(body: Buffer, signatureBase64: string, publicKeyPem: string, source: string): void {
  const key = createPublicKey(publicKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new UpdateFeedError(`the update public key is ${key.asymmetricKeyType}, not ed25519`);
  const sig = Buffer.from(signatureBase64.trim(), 'base64');
  if (sig.length !== 64 || !verify(null, body, key, sig)) throw new UpdateFeedError(`bad signature on ${source}: refusing this update feed`);
}

/** Parses a verified feed; file URLs are resolved against `feedUrl`. */
export function parseUpdateFeed(text: string, feedUrl: URL): UpdateFeed {
  const source = feedUrl.href;
  let raw: Record<string, unknown>;
  try {
    raw = parseFeedYaml(text, source);
  } catch (err) {
    if (err instanceof FeedFormatError) throw new UpdateFeedError(err.message);
    throw err;
  }
  const p = feedShape.safeParse(raw);
  if (!p.success) throw new UpdateFeedError(`${source}: ${p.error.issues.map((i) => `${i.path.join('.') || '(feed)'}: ${i.message}`).join('; ')}`);
  const version = String(p.data.version);
  const semver = parseSemVer(version);
  if (!semver) throw new UpdateFeedError(`${source}: version ${JSON.stringify(version)} is not a semantic version`);
  const files = p.data.files.map((f) => {
    const url = new URL(f.url, feedUrl);
    checkTransport(url, `${source}: file`);
    return { url: url.href, sha512: f.sha512, size: f.size };
  });
  return { version, semver, files, releaseDate: p.data.releaseDate ?? null };
}

/** The installer this platform runs: AppImage on Linux, the NSIS .exe on Windows, the .zip on macOS. */
export function pickFeedFile(feed: UpdateFeed, extension: string): FeedFile {
  const file = feed.files.find((f) => new URL(f.url).pathname.toLowerCase().endsWith(extension.toLowerCase()));
  if (!file) throw new UpdateFeedError(`the update feed for ${feed.version} has no ${extension} file`);
  return file;
}
