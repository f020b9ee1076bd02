// `--help` works on every command and subcommand, as with Codex 0.169 (clap):
// exit 0, the command's own usage on stdout, a described `-h, --help` row; and
// the words "help" / "--help" after `--` are a prompt, not a flag.
import { describe, expect, it } from 'vitest';
import { responses as R } from '../support/scriptedServer.js';
import { runCodex, scriptedSuite } from '../support/cli.js';
import { codexReferenceBin } from '../support/codexReference.js';
import { runReferenceCodex } from '../support/referenceCli.js';

const t = scriptedSuite();
const reference = codexReferenceBin();

/** argv → the usage line our help must show (Codex's, where Codex has the command). */
const CASES: [string[], string][] = [
  [['login', '--help'], 'Usage: codex login [OPTIONS]'],
  [['login', 'status', '--help'], 'Usage: codex login status'],
  [['logout', '--help'], 'Usage: codex logout [OPTIONS]'],
  [['mcp', 'add', '--help'], 'Usage: codex mcp add [OPTIONS] <NAME>'],
  [['mcp', 'list', '--help'], 'Usage: codex mcp list [OPTIONS]'],
  [['mcp', 'get', '-h'], 'Usage: codex mcp get [OPTIONS] <NAME>'],
  [['mcp', 'remove', '--help'], 'Usage: codex mcp remove'],
  [['mcp', 'login', '--help'], 'Usage: codex mcp login [OPTIONS] <NAME>'],
  [['mcp', 'logout', '--help'], 'Usage: codex mcp logout'],
  [['debug', '--help'], 'Usage: codex debug'],
  [['resume', '--help'], 'Usage: codex resume [OPTIONS] [SESSION_ID] [PROMPT]'],
  [['exec', 'help'], 'Usage: codex exec [OPTIONS] [PROMPT]'],
  [['help', 'exec'], 'Usage: codex exec [OPTIONS] [PROMPT]'],
  [['exec', '--help'], 'Usage: codex exec [OPTIONS] [PROMPT]'],
];

describe('--help on every command', () => {
  for (const [argv, usage] of CASES) {
    it(`codex ${argv.join(' ')} prints its own usage and exits 0`, async () => {
      const run = await runCodex(argv, { cwd: t.sb.workspace, env: t.sb.env });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(usage);
      expect(run.stdout).toMatch(/^ {2}-h, --help +Print help/m);
      expect(t.server.requests).toHaveLength(0);
      if (reference) {
        const ref = await runReferenceCodex(reference, argv, { cwd: t.sb.workspace, env: t.sb.env });
        expect(ref.code).toBe(0);
        // Codex's usage line starts the same way (our debug has other subcommands).
        expect(ref.stdout).toContain(usage.split(' [')[0]!.split(' <')[0]!);
      }
    });
  }

  it('options rows all have a description, -h, --help last', async () => {
    const run = await runCodex(['exec', '--help'], { cwd: t.sb.workspace, env: t.sb.env });
    const rows = run.stdout.split('\n').filter((l) => /^ {2}(-\w, )?--|^ {6}--/.test(l));
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect(row, row).toMatch(/\S {2,}\S/);
    expect(rows.at(-1)).toMatch(/-h, --help +Print help/);
  });

  it('every command and subcommand: each options row has a description', async () => {
    const commands = [
      [],
      ['login'],
      ['logout'],
      ['mcp', 'add'],
      ['mcp', 'login'],
      ['resume'],
      ['fork'],
      ['review'],
      ['exec', 'resume'],
      ['delete'],
      ['app-server'],
      ['mcp-server'],
      ['exec-server'],
      ['web'],
      ['sandbox', 'linux'],
      ['completion'],
      ['doctor'],
    ];
    for (const argv of commands) {
      const run = await runCodex([...argv, '--help'], { cwd: t.sb.workspace, env: t.sb.env });
      expect(run.code, `codex ${argv.join(' ')} --help: ${run.stderr}`).toBe(0);
      const rows = run.stdout.split('\n').filter((l) => /^ {2,}-/.test(l));
      expect(rows.length, argv.join(' ')).toBeGreaterThan(0);
      for (const row of rows) expect(row, `codex ${argv.join(' ')} --help`).toMatch(/\S {2,}\S/);
    }
  });

  it('codex help with an unknown command is a usage error, not a session', async () => {
    const run = await runCodex(['help', 'nonsense'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unrecognized subcommand 'nonsense'");
    expect(t.server.requests).toHaveLength(0);
  });

  it('the help header and --version name the program the same way', async () => {
    const help = await runCodex(['--help'], { cwd: t.sb.workspace, env: t.sb.env });
    const version = await runCodex(['--version'], { cwd: t.sb.workspace, env: t.sb.env });
    const name = version.stdout.trim();
    expect(name).toMatch(/^codex-cli \d+\.\d+\.\d+/);
    expect(help.stdout.split('\n')[0]).toContain(name);
  });
});

describe('words after -- are the prompt', () => {
  it('codex exec -- "--help me" sends "--help me" to the model', async () => {
    t.server.enqueue(R.text('ok'));
    const run = await runCodex(['exec', '--json', '--skip-git-repo-check', '--', '--help me'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.stringify(t.server.requests[0]!.body.input)).toContain('--help me');
  });

  it('codex exec -- help is a prompt too', async () => {
    t.server.enqueue(R.text('ok'));
    const run = await runCodex(['exec', '--json', '--skip-git-repo-check', '--', 'help'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(run.code, run.stderr).toBe(0);
    expect(t.server.requests).toHaveLength(1);
  });
});
