import { describe, expect, it } from 'vitest';
import { appendTable, findHeaders, parseKeyPath, removeTable, renderTable } from './tomlTableEdit.js';
import { parseMcpServers } from '../mcp/config.js';

const ORIGINAL = `# Codex config — keep this comment
model = "o3" # trailing comment

[profiles.fast]
model = "gpt-5.5"   # odd   spacing kept
description = """
[not.a.header]
"""

# about the docs server
[mcp_servers.docs]
command = "npx"
args = [
  "-y",
  "docs-server",
]

[mcp_servers.docs.env]
TOKEN = "x"

# about the web server
[mcp_servers.web]
url = "https://example.com/mcp"
`;

describe('parseKeyPath / findHeaders', () => {
  it('parses bare, quoted and dotted keys', () => {
    expect(parseKeyPath('mcp_servers."a.b" . env')).toEqual(['mcp_servers', 'a.b', 'env']);
    expect(parseKeyPath("x.'y z'")).toEqual(['x', 'y z']);
    expect(parseKeyPath('"a", "b"')).toBeNull();
  });
  it('skips multi-line strings', () => {
    const h = findHeaders(ORIGINAL.split('\n')).map((x) => x.path.join('.'));
    expect(h).toEqual(['profiles.fast', 'mcp_servers.docs', 'mcp_servers.docs.env', 'mcp_servers.web']);
  });
});

describe('appendTable / removeTable', () => {
  it('renders like Codex', () => {
    expect(renderTable(['mcp_servers', 'foo'], { command: 'node', args: ['server.js', '--x'], env: { A: 'B', C: 'D' } })).toBe(
      '[mcp_servers.foo]\ncommand = "node"\nargs = ["server.js", "--x"]\n\n[mcp_servers.foo.env]\nA = "B"\nC = "D"\n',
    );
    expect(renderTable(['mcp_servers', 'a.b'], { url: 'u' })).toBe('[mcp_servers."a.b"]\nurl = "u"\n');
  });

  it('appends at the end and removes exactly that table again, byte for byte', () => {
    const added = appendTable(ORIGINAL, ['mcp_servers', 'new'], { command: 'node', args: ['s.js'], env: { K: 'V "q"' } });
    expect(added.startsWith(ORIGINAL)).toBe(true);
    expect(added.slice(ORIGINAL.length)).toBe('\n[mcp_servers.new]\ncommand = "node"\nargs = ["s.js"]\n\n[mcp_servers.new.env]\nK = "V \\"q\\""\n');
    expect(parseMcpServers(added.length ? (require_toml(added).mcp_servers as Record<string, unknown>) : {}).map((s) => s.name)).toEqual([
      'docs',
      'new',
      'web',
    ]);
    expect(removeTable(added, ['mcp_servers', 'new'])).toBe(ORIGINAL);
  });

  it('removes a table in the middle with its subtables, keeping the next table’s comment', () => {
    const out = removeTable(ORIGINAL, ['mcp_servers', 'docs']);
    expect(out).toBe(`# Codex config — keep this comment
model = "o3" # trailing comment

[profiles.fast]
model = "gpt-5.5"   # odd   spacing kept
description = """
[not.a.header]
"""

# about the docs server

# about the web server
[mcp_servers.web]
url = "https://example.com/mcp"
`);
  });

  it('handles empty and missing-newline files', () => {
    const a = appendTable('', ['mcp_servers', 'x'], { command: 'c' });
    expect(a).toBe('[mcp_servers.x]\ncommand = "c"\n');
    expect(removeTable(a, ['mcp_servers', 'x'])).toBe('');
    const b = appendTable('model = "o3"', ['mcp_servers', 'x'], { url: 'http://h' });
    expect(b).toBe('model = "o3"\n\n[mcp_servers.x]\nurl = "http://h"\n');
    expect(removeTable(b, ['mcp_servers', 'x'])).toBe('model = "o3"\n');
  });

  it('refuses duplicates, missing tables and inline tables', () => {
    expect(() => appendTable(ORIGINAL, ['mcp_servers', 'docs'], { command: 'x' })).toThrow(/already exists/);
    expect(() => removeTable(ORIGINAL, ['mcp_servers', 'nope'])).toThrow(/does not exist/);
    expect(() => removeTable('mcp_servers.x.command = "c"\n', ['mcp_servers', 'x'])).toThrow(/not written as its own table/);
    expect(() => removeTable('[mcp_servers]\nx = { command = "c" }\n', ['mcp_servers', 'x'])).toThrow(/not written as its own table/);
    expect(() => appendTable('a = [', ['t'], {})).toThrow(/not valid TOML/);
  });
});

import { parse } from 'smol-toml';
function require_toml(text: string): Record<string, unknown> {
  return parse(text) as Record<string, unknown>;
}
