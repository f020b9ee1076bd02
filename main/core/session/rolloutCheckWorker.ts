// The worker of the early check of thread/list's index (see
// earlyRolloutCheck.ts): for every line of the index, whether a stat shows
// its file as the line records it (inode, size, mtime). Answers, per day
// directory, the places of the lines it could not confirm (null for a block
// it could not read as a whole), and ends.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { DecodedIndex } from './rolloutIndexFile.js';
import type { EarlyCheckJob } from './earlyRolloutCheck.js';

function check(job: EarlyCheckJob): [string, number[] | null][] {
  const disk = new DecodedIndex(Buffer.from(job.index, 0, job.length), () => {});
  const answer: [string, number[] | null][] = [];
  for (const [dir, listing] of disk.dirs) {
    const heads = disk.heads(dir);
    if (!heads) {
      answer.push([dir, null]);
      continue;
    }
    const stale: number[] = [];
    listing.paths.forEach((path, k) => {
      const recorded = heads.identity(k);
      const st = recorded && statSync(path, { throwIfNoEntry: false });
      if (!st || st.ino !== recorded.ino || st.size !== recorded.size || st.mtimeMs !== recorded.mtimeMs) stale.push(k);
    });
    answer.push([dir, stale]);
  }
  return answer;
}

/** The test hook's wait (see EarlyCheckJob.gate), at most a minute. */
function waitAtGate(gate: string): void {
  writeFileSync(`${gate}.statted`, '');
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; waited < 60_000 && !existsSync(gate); waited += 20) Atomics.wait(nap, 0, 0, 20);
}

const job: EarlyCheckJob = workerData;
const answer = check(job);
if (job.gate) waitAtGate(job.gate);
parentPort?.postMessage(answer);
