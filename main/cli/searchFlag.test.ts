// `codex --search`, as the interactive UI parses its flags: Codex's
// `web_search = "live"` override, which the loader turns into live search.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config/load.js';
import { parseArgs } from './args.js';
import { configOverridesFromFlags } from './configFlags.js';
import { TUI_SPECS } from '../tui/run.js';

describe('codex --search', () => {
  it('means web_search = "live"; without it the default stays cached', () => {
    const home = mkdtempSync(join(tmpdir(), 'codex-search-flag-'));
    writeFileSync(join(home, 'config.toml'), '');
    const withFlag = configOverridesFromFlags(parseArgs(['--search'], TUI_SPECS), process.cwd());
    expect(withFlag.cliOverrides).toContain('web_search="live"');
    expect(loadConfig({ codexHome: home, env: {}, overrides: withFlag }).webSearch).toBe('live');
    const without = configOverridesFromFlags(parseArgs([], TUI_SPECS), process.cwd());
    expect(loadConfig({ codexHome: home, env: {}, overrides: without }).webSearch).toBe('cached');
  });
});
