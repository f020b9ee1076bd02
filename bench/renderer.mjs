// `node bench/renderer.mjs`: the renderer benchmark alone (also run by bench/run.mjs).
import { importBundled } from './bundle.mjs';

// Two levels below the root, like the sources, so their import.meta.dirname paths still resolve.
const { runRendererBench } = await importBundled('bench/rendererBench.ts', 'renderer/rendererBench.mjs');
await runRendererBench();
