// Runs the matcher once over a made-up listing when the first picker opens,
// one query per event-loop turn, while its tree is still being listed. The
// engine compiles the matcher's code paths (one letter, forced runs, gapped
// alignments, whole-path and folder matches) on their first heavy use; on a
// 100,000-path tree that first use made a keystroke 5 to 10 times slower than
// the same keystroke later. Done once per process.
import { charMask, pathTraits } from './fuzzyMatch.js';
import { RootScan, type FileSearchMatch } from './rootScan.js';

const PATHS = 2000;
const QUERIES = ['f', 'fb', 'fob', 'foobar1', 'l', 'lib1/s', 'zq', 'fbz', 'bar', 'o', 'a', 'baz1', 'lsd', 'd f', 'sub'];

let warming: Promise<void> | null = null;

export function warmMatcher(): Promise<void> {
  warming ??= run();
  return warming;
}

async function run(): Promise<void> {
  const listing = [];
  for (let i = 0; i < PATHS; i++) {
    listing.push(pathTraits(`lib${i % 13}/Some Dir/fooBar${i}_baz${i % 7}.ts`, 'file'));
    if (i % 40 === 0) listing.push(pathTraits(`lib${i % 13}/sub${i}`, 'directory'));
  }
  for (const lower of QUERIES) {
    await new Promise<void>((r) => setImmediate(r));
    const best: FileSearchMatch[] = [];
    const scan = new RootScan('', listing, null, { lower, chars: charMask(lower) }, best);
    while (!scan.done) scan.step(listing.length);
  }
}
