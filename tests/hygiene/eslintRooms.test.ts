// The ESLint config (eslint.config.js) refuses what it promises: imports across a
// room wall, an explicit `any` in production code, a type imported as a value.
// `npm run lint` passing proves nothing if a glob or a regex in the config
// silently matches no file, so each rule is run here on a file that breaks it.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/trackedFiles.js';

const eslint = new ESLint({ cwd: REPO_ROOT });

/** "line:ruleId" for each problem ESLint finds in `text` as if it were the file at `path`. */
async function problems(path: string, lines: string[]): Promise<string[]> {
  const [result] = await eslint.lintText(lines.join('\n') + '\n', { filePath: `${REPO_ROOT}/${path}` });
  return result!.messages.map((m) => `${m.line}:${m.ruleId}`);
}

describe('eslint.config.js', () => {
  it('keeps shared/ away from Node, Electron and every other folder', async () => {
    expect(
      await problems('shared/protocol/example.ts', [
        "import fs from 'node:fs';",
        "import path from 'path';",
        "import { VERSION } from '../../main/core/version.js';",
        "import { x } from '../../renderer/src/store.js';",
        "import { a } from './enums.js';",
        "import { b } from '../ipc/contract.js';",
        "import * as z from 'zod/mini';",
        'export const all = [fs, path, VERSION, x, a, b, z];',
      ]),
    ).toEqual(['1:no-restricted-imports', '2:no-restricted-imports', '3:no-restricted-imports', '4:no-restricted-imports']);
  });

  it('keeps the core out of the CLI, the TUI, the desktop rooms and Electron, not out of shared/', async () => {
    expect(
      await problems('main/core/session/example.ts', [
        "import { a } from '../../cli/args.js';",
        "import { b } from '../../tui/run.js';",
        "import { c } from '../../desktop/trayMenu.js';",
        "import { d } from '../../ipc/router.js';",
        "import { app } from 'electron';",
        "import { e } from '../../../shared/ipc/contract.js';",
        "import { f } from '../tools/router.js';",
        'export const all = [a, b, c, d, app, e, f];',
      ]),
    ).toEqual(['1:no-restricted-imports', '2:no-restricted-imports', '3:no-restricted-imports', '4:no-restricted-imports', '5:no-restricted-imports']);
  });

  it('keeps the renderer to renderer/ and shared/, without Node (its tests may use Node)', async () => {
    const lines = [
      "import { VERSION } from '../../main/core/version.js';",
      "import { t } from '../../main/desktop/trayMenu.js';",
      "import os from 'node:os';",
      "import { b } from '../../shared/protocol/enums.js';",
      "import { c } from './store.js';",
      'export const all = [VERSION, t, os, b, c];',
    ];
    expect(await problems('renderer/src/Example.tsx', lines)).toEqual(['1:no-restricted-imports', '2:no-restricted-imports', '3:no-restricted-imports']);
    expect(await problems('renderer/src/example.test.ts', lines)).toEqual([]);
  });

  it('keeps the preload to shared/ and Electron', async () => {
    expect(
      await problems('preload/example.ts', [
        "import { ipcRenderer } from 'electron';",
        "import fs from 'fs';",
        "import { IpcRouter } from '../main/ipc/router.js';",
        "import { b } from '../shared/ipc/contract.js';",
        'export const all = [ipcRenderer, fs, IpcRouter, b];',
      ]),
    ).toEqual(['2:no-restricted-imports', '3:no-restricted-imports']);
  });

  it('refuses explicit any in production code (not in tests) and value imports used only as types', async () => {
    const lines = ["import { Foo } from './foo.js';", 'export let v: Foo | undefined;', 'export const w: any = 1;'];
    expect(await problems('main/cli/example.ts', lines)).toEqual(['1:@typescript-eslint/consistent-type-imports', '3:@typescript-eslint/no-explicit-any']);
    expect(await problems('tests/example.test.ts', lines)).toEqual(['1:@typescript-eslint/consistent-type-imports']);
  });
});
