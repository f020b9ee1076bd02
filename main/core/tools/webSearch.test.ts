// Which web_search mode a configuration gets, read through the real loader from
// real files (`codex --search`: main/cli/searchFlag.test.ts).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import { actionDetail } from './webSearch.js';

function homeWith(toml: string): string {
  const home = mkdtempSync(join(tmpdir(), 'codex-websearch-'));
  writeFileSync(join(home, 'config.toml'), toml);
  return home;
}

describe('web search mode', () => {
  it('is off by default for the local OSS providers, and on when asked for', () => {
    const home = homeWith('model_provider = "ollama"\n');
    expect(loadConfig({ codexHome: home, env: {} }).webSearch).toBe('disabled');
    expect(loadConfig({ codexHome: home, env: {}, overrides: { cliOverrides: ['web_search="cached"'] } }).webSearch).toBe('cached');
    expect(loadConfig({ codexHome: homeWith(''), env: {} }).webSearch).toBe('cached');
  });

  it('says what was searched as Codex does', () => {
    expect(actionDetail({ type: 'search', query: '', queries: ['a', 'b'] })).toBe('a ...');
    expect(actionDetail({ type: 'search', query: null, queries: ['only'] })).toBe('only');
    expect(actionDetail({ type: 'findInPage', url: null, pattern: 'x' })).toBe("'x'");
    expect(actionDetail({ type: 'other' })).toBe('');
  });
});
