// `codex mcp add` of an existing name replaces it and `codex mcp remove` of an
// unknown name exits 0: ours and Codex 0.169 run the same steps on twin
// CODEX_HOMEs and must agree on exit codes, stdout and the resulting settings.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { runCodex } from '../support/cli.js';
import { codexReferenceBin } from '../support/codexReference.js';
import { runReferenceCodex } from '../support/referenceCli.js';

const reference = codexReferenceBin();

const START = '[mcp_servers.a]\ncommand = "old"\nargs = ["1"]\n\n[mcp_servers.a.env]\nK = "v"\n\n[mcp_servers.b]\ncommand = "keep"\n';
const STEPS = [
  ['mcp', 'add', 'a', '--', 'new', '2', '3'],
  ['mcp', 'remove', 'nothere'],
  ['mcp', 'remove', 'b'],
];

/** A fresh CODEX_HOME (Codex warns on stderr about helpers under /tmp; only stdout is compared). */
function home(): { home: string; env: NodeJS.ProcessEnv } {
  const h = realpathSync(mkdtempSync(join(tmpdir(), 'codex-mcp-')));
  writeFileSync(join(h, 'config.toml'), START);
  return { home: h, env: { PATH: process.env.PATH, HOME: h, CODEX_HOME: h } };
}

describe('mcp add / remove semantics', () => {
  it('replace on add, exit 0 on removing an unknown name; same as Codex', async () => {
    const ours = home();
    const results: Array<[number | null, string]> = [];
    for (const argv of STEPS) {
      const r = await runCodex(argv, { cwd: ours.home, env: ours.env });
      results.push([r.code, r.stdout]);
    }
    expect(results).toEqual([
      [0, "Added global MCP server 'a'.\n"],
      [0, "No MCP server named 'nothere' found.\n"],
      [0, "Removed global MCP server 'b'.\n"],
    ]);
    const oursConfig = parse(readFileSync(join(ours.home, 'config.toml'), 'utf8'));
    expect(oursConfig).toEqual({ mcp_servers: { a: { command: 'new', args: ['2', '3'] } } });
    if (reference) {
      const ref = home();
      const refResults: Array<[number | null, string]> = [];
      for (const argv of STEPS) {
        const r = await runReferenceCodex(reference, argv, { cwd: ref.home, env: ref.env });
        refResults.push([r.code, r.stdout]);
      }
      expect(refResults).toEqual(results);
      expect(parse(readFileSync(join(ref.home, 'config.toml'), 'utf8'))).toEqual(oursConfig);
    }
  });
});
