// A release server for the updater's tests: a folder of feed files served over
// loopback HTTP, releases written in electron-builder's own latest.yml format
// (its serializer), signed with a key pair made per test run.
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
// electron-builder writes latest*.yml with this function (builder-util).
const { serializeToYaml } = require('builder-util/out/util.js') as { serializeToYaml: (o: unknown) => string };

export interface SigningKeys {
  publicKeyPem: string;
  privateKey: KeyObject;
}

export function makeSigningKeys(): SigningKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey };
}

export function sha512Base64(body: Buffer): string {
  return createHash('sha512').update(body).digest('base64');
}

export interface Release {
  version: string;
  /** The artifact's name on the server and its bytes. */
  artifact: { name: string; body: Buffer };
  /** latest-linux.yml unless told. */
  feedName?: string;
  /** What the feed claims, when a test wants it to lie. */
  claimedSha512?: string;
  claimedSize?: number;
}

/** Writes the artifact, the feed yml and its signature (`<feed>.sig`) into root; returns the feed text. */
export function publishRelease(root: string, keys: SigningKeys, release: Release): string {
  mkdirSync(root, { recursive: true });
  writeFileSync(path.join(root, release.artifact.name), release.artifact.body);
  const sha512 = release.claimedSha512 ?? sha512Base64(release.artifact.body);
  const size = release.claimedSize ?? release.artifact.body.length;
  const yml = serializeToYaml({
    version: release.version,
    files: [{ url: release.artifact.name, sha512, size, blockMapSize: 1234 }],
    path: release.artifact.name,
    sha512,
    releaseDate: new Date('2026-12-01T10:00:00Z').toISOString(),
  });
  const feedName = release.feedName ?? 'latest-linux.yml';
  writeFileSync(path.join(root, feedName), yml);
  writeFileSync(path.join(root, `${feedName}.sig`), sign(null, Buffer.from(yml), keys.privateKey).toString('base64') + '\n');
  return yml;
}

export interface FeedServer {
  /** http://127.0.0.1:PORT/updates */
  url: string;
  /** Paths asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves root's files under /updates/ on loopback; anything else is a 404. */
export async function startFeedServer(root: string): Promise<FeedServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url.pathname);
    const name = decodeURIComponent(url.pathname.replace(/^\/updates\//, ''));
    const file = path.join(root, name);
    if (!url.pathname.startsWith('/updates/') || path.dirname(file) !== root || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/updates`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
