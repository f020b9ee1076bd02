#!/usr/bin/env node
// Entry point for the `codex` command. The real CLI is the bundle built by
// `npm run build` (also run by `npm ci` through the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The packaged launcher (packaging/bin/codex) runs this file with Electron as
// Node; commands the agent runs must not inherit that, or any Electron app they
// start would run as Node too.
delete process.env.ELECTRON_RUN_AS_NODE;

const bundle = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('codex: dist/cli.js is missing; run `npm run build` in ' + fileURLToPath(new URL('..', import.meta.url)) + '\n');
  process.exit(1);
}
await import(bundle.href);
