// `node bench/fuzzyMatchCpu.mjs`: the `@` matcher alone, in-process, on an
// in-memory listing of BENCH_FFS_FILES paths (default 100,000, shaped like
// bench/fuzzyFileSearch.mjs's tree): CPU time per keystroke of a search
// session typing each query letter by letter (each keystroke narrows the
// last one's matches, as a session does). No listing, no server, no JSON:
// what the matcher costs. Prints a table; asserts nothing.
import { importBundled } from './bundle.mjs';

const FILES = Number(process.env.BENCH_FFS_FILES ?? 100_000);
const RUNS = Number(process.env.BENCH_FFS_RUNS ?? 5);
const QUERIES = process.env.BENCH_FFS_QUERIES?.split(',') ?? ['modhandler', 'pkg7src', 'm99h', 'test/mod12', 'mahts'];

const { FileSearcher, newSearchScope } = await importBundled('main/core/fileSearch/fileSearch.ts', 'main/fileSearchBench.mjs');
const { Listing } = await importBundled('main/core/fileSearch/listing.ts', 'main/listingBench.mjs');
// The listing as git would feed it (the folders come in with their files).
const listing = new Listing();
const paths = [];
for (let i = 0; i < FILES; i++) paths.push(`pkg${i % 100}/${i % 3 ? 'src' : 'test'}/module${i}Handler.ts`);
listing.addFiles(`${paths.join('\0')}\0`);
listing.finish();

const searcher = new FileSearcher();
const at = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];
console.log(`\n@ matcher, in-process, ${FILES} paths: CPU ms per keystroke (${RUNS} runs of each query typed letter by letter)`);
console.log('query'.padEnd(14) + 'median'.padStart(8) + 'p90'.padStart(8) + 'max'.padStart(8));
for (const query of QUERIES) {
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    const scope = newSearchScope();
    scope.listings.set('/bench', listing);
    for (let k = 1; k <= query.length; k++) {
      const before = process.cpuUsage();
      await searcher.search(query.slice(0, k), ['/bench'], undefined, scope);
      const used = process.cpuUsage(before);
      times.push((used.user + used.system) / 1000);
    }
  }
  console.log(query.padEnd(14) + [0.5, 0.9, 1].map((q) => at(times, q).toFixed(1).padStart(8)).join(''));
}
