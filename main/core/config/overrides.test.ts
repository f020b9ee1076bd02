import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { applyCliOverrides, featureToggleOverrides, parseCliOverride, parseCliOverrides, parseKeyPath, parseOverrideValue } from './overrides.js';

describe('parseCliOverride', () => {
  it('splits at the first = and parses the value as TOML', () => {
    expect(parseCliOverride('model="o3"')).toEqual({ raw: 'model="o3"', path: ['model'], value: 'o3' });
    expect(parseCliOverride('sandbox_workspace_write.network_access=true').value).toBe(true);
    expect(parseCliOverride('project_doc_max_bytes=1024').value).toBe(1024);
    expect(parseCliOverride('x=1.5').value).toBe(1.5);
    expect(parseCliOverride('notify=["a","b"]').value).toEqual(['a', 'b']);
    expect(parseCliOverride('t={a=1, b="x"}').value).toEqual({ a: 1, b: 'x' });
  });

  it('falls back to the raw string when the value is not TOML', () => {
    expect(parseCliOverride('model=o3').value).toBe('o3');
    expect(parseCliOverride('model=gpt-5.5').value).toBe('gpt-5.5');
    expect(parseCliOverride('model=a=b').value).toBe('a=b');
    expect(parseCliOverride('model=').value).toBe('');
    expect(parseCliOverride("model='lit'").value).toBe('lit');
  });

  it('keeps a quoted "true" a string', () => {
    expect(parseCliOverride('x="true"').value).toBe('true');
    expect(parseCliOverride('x=true').value).toBe(true);
  });

  it('trims key and value like Codex', () => {
    expect(parseCliOverride(' model = gpt-x ')).toMatchObject({ path: ['model'], value: 'gpt-x' });
  });

  it('supports quoted key segments', () => {
    expect(parseCliOverride('projects."/a/b".trust_level="trusted"').path).toEqual(['projects', '/a/b', 'trust_level']);
    expect(parseCliOverride("mcp_servers.'my.server'.command=npx").path).toEqual(['mcp_servers', 'my.server', 'command']);
    expect(parseCliOverride('a . b=1').path).toEqual(['a', 'b']);
  });

  it('does not let a value smuggle extra keys in', () => {
    expect(parseOverrideValue('1\ny = 2')).toBe('1\ny = 2');
  });

  it('rejects a flag without = and names it', () => {
    const err = (() => {
      try {
        parseCliOverride('nonsense');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(`-c nonsense: missing '='; expected -c key=value (for example -c model="o3")`);
  });

  it('rejects an empty key', () => {
    expect(() => parseCliOverride('=1')).toThrow(/^-c =1: empty key/);
    expect(() => parseCliOverride('a..b=1')).toThrow(/invalid key/);
  });

  it('refuses prototype-polluting keys', () => {
    expect(() => parseCliOverride('__proto__.polluted=1')).toThrow(ConfigError);
    expect(() => parseCliOverride('a.constructor=1')).toThrow(ConfigError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseKeyPath', () => {
  it('falls back to a plain split for keys TOML rejects', () => {
    expect(parseKeyPath('with space.x')).toEqual(['with space', 'x']);
  });
});

describe('applyCliOverrides', () => {
  it('applies in order, later wins, creating and replacing tables', () => {
    const table: Record<string, unknown> = { model: 'a', tui: 5, keep: { x: 1 } };
    applyCliOverrides(table, parseCliOverrides(['model=b', 'model=c', 'tui.notifications=true', 'keep.y=2', 'new.deep.key="v"']));
    expect(table).toEqual({
      model: 'c',
      tui: { notifications: true },
      keep: { x: 1, y: 2 },
      new: { deep: { key: 'v' } },
    });
  });
});

describe('featureToggleOverrides', () => {
  it('maps --enable/--disable to features.* overrides', () => {
    expect(featureToggleOverrides(['web_search', 'odd.name'], ['undo'])).toEqual([
      'features.web_search=true',
      'features."odd.name"=true',
      'features.undo=false',
    ]);
    const parsed = parseCliOverrides(featureToggleOverrides(['odd.name']));
    expect(parsed[0]!.path).toEqual(['features', 'odd.name']);
    expect(parsed[0]!.value).toBe(true);
  });

  it('rejects an empty feature name', () => {
    expect(() => featureToggleOverrides([' '])).toThrow(/--enable: expected a feature name/);
  });
});
