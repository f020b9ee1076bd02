// `node bench/renderer.mjs`: the renderer benchmark alone (also run by bench/run.mjs).
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
// Two levels below the root, like the sources, so their import.meta.dirname paths still resolve.
const out = join(ROOT, '.bench', 'renderer', 'rendererBench.mjs');
mkdirSync(join(ROOT, '.bench', 'renderer'), { recursive: true });
await build({ entryPoints: [join(ROOT, 'bench/rendererBench.ts')], outfile: out, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
const { runRendererBench } = await import(out);
await runRendererBench();
