// `node bench/reviewPane.mjs`: the review pane benchmark alone (also run by bench/run.mjs).
import { importBundled } from './bundle.mjs';

// Two levels below the root, like the sources, so their import.meta.dirname paths still resolve.
const { runReviewPaneBench } = await importBundled('bench/reviewPaneBench.ts', 'renderer/reviewPaneBench.mjs');
await runReviewPaneBench();
