// Downloads one update file into the staging folder and keeps it only when its
// size and SHA-512 are exactly what the signed feed says. The bytes go to a
// `.partial` file first; a download that runs long, ends short or hashes wrong is
// deleted and refused, and nothing outside the staging folder is touched.
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { FeedFile } from './updateFeed.js';
import { UpdateFeedError } from './updateFeed.js';

export interface DownloadProgress {
  transferred: number;
  total: number;
}

export async function downloadVerified(opts: {
  file: FeedFile;
  stagingDir: string;
  /** The staged file's name (our own, never taken from the feed). */
  fileName: string;
  fetch: typeof fetch;
  onProgress?: (p: DownloadProgress) => void;
}): Promise<string> {
  const { file, stagingDir, fileName } = opts;
  if (path.basename(fileName) !== fileName) throw new Error(`staged file name must be a bare name: ${fileName}`);
  mkdirSync(stagingDir, { recursive: true, mode: 0o700 });
  const final = path.join(stagingDir, fileName);
  const partial = `${final}.partial`;
  rmSync(partial, { force: true });
  try {
    const res = await opts.fetch(file.url, { redirect: 'error' });
    if (!res.ok || !res.body) throw new UpdateFeedError(`download of ${file.url} failed: HTTP ${res.status}`);
    const hash = createHash('sha512');
    const out = createWriteStream(partial, { flags: 'wx', mode: 0o600 });
    const closed = new Promise<void>((resolve, reject) => {
      out.on('close', resolve);
      out.on('error', reject);
    });
    let transferred = 0;
    try {
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        transferred += value.byteLength;
        // More bytes than the feed promised: stop now rather than fill the disk.
        if (transferred > file.size) {
          await reader.cancel();
          throw new UpdateFeedError(`download of ${file.url} is larger than the ${file.size} bytes the feed names`);
        }
        hash.update(value);
        if (!out.write(value)) await new Promise<void>((r) => out.once('drain', () => r()));
        opts.onProgress?.({ transferred, total: file.size });
      }
    } finally {
      out.end();
      await closed;
    }
    if (transferred !== file.size) throw new UpdateFeedError(`download of ${file.url} ended at ${transferred} of ${file.size} bytes`);
    const digest = hash.digest('base64');
    if (digest !== file.sha512) throw new UpdateFeedError(`download of ${file.url} does not match the feed's sha512`);
    renameSync(partial, final);
    return final;
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}
