// Options typed before the subcommand reach it, as with Codex 0.169 (clap's
// root takes the interactive options and hands them on): `codex -c k=v exec`,
// `-m`, `-p`, `--cd`, `--oss`; and options before `resume` keep `exec resume`
// a resume, never a new session whose prompt is "resume".
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { responses as R, chat as C } from '../support/scriptedServer.js';
import { runCodex, scriptedSuite } from '../support/cli.js';
import { codexReferenceBin } from '../support/codexReference.js';
import { runReferenceCodex } from '../support/referenceCli.js';
import { TerminalUnderTest } from '../tui/terminalUnderTest.js';

const t = scriptedSuite();
const reference = codexReferenceBin();
const codex = (args: string[], cwd = t.sb.workspace, env = t.sb.env) => runCodex(args, { cwd, env });

function rollouts(): string[] {
  const dir = join(t.sb.home, 'sessions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => basename(f).startsWith('rollout-'))
    .map((f) => join(dir, f));
}

describe('global options before the subcommand', () => {
  it('-c before exec overrides config, as in Codex', async () => {
    t.server.enqueue(R.text('ok'));
    const run = await codex(['-c', 'model="root-model"', 'exec', '--json', 'hi']);
    expect(run.code, run.stderr).toBe(0);
    expect(t.server.requests[0]!.body.model).toBe('root-model');
    if (reference) {
      t.server.reset();
      t.server.enqueue(R.text('ok'));
      const ref = await runReferenceCodex(reference, ['-c', 'model="root-model"', 'exec', '--json', 'hi'], { cwd: t.sb.workspace, env: t.sb.env });
      expect(ref.code, ref.stderr).toBe(0);
      expect(t.server.requests[0]!.body.model).toBe('root-model');
    }
  });

  it("-m, -p and --cd before exec apply; exec's own option wins over the root's", async () => {
    writeFileSync(join(t.sb.home, 'work.config.toml'), 'model_reasoning_effort = "low"\n');
    const other = join(t.sb.workspace, 'sub');
    mkdirSync(other);
    t.server.enqueue(R.text('ok'));
    const run = await codex(['-m', 'root-model', '-p', 'work', '--cd', other, 'exec', '--json', '--skip-git-repo-check', 'hi']);
    expect(run.code, run.stderr).toBe(0);
    const body = t.server.requests[0]!.body;
    expect(body.model).toBe('root-model');
    expect(body.reasoning?.effort).toBe('low');
    expect(JSON.stringify(body.input)).toContain(`<cwd>${other}</cwd>`);

    t.server.enqueue(R.text('ok'));
    const both = await codex(['-m', 'root-model', 'exec', '-m', 'exec-model', '--json', 'hi']);
    expect(both.code, both.stderr).toBe(0);
    expect(t.server.requests[1]!.body.model).toBe('exec-model');
  });

  it('--oss before exec selects the local provider', async () => {
    t.server.enqueue(C.text('from ollama'));
    const run = await codex(['--oss', '-m', 'llama3', 'exec', '--json', 'x'], t.sb.workspace, { ...t.sb.env, CODEX_OSS_BASE_URL: t.server.baseUrl });
    expect(run.code, run.stderr).toBe(0);
    expect(t.server.requests[0]!.path).toBe('/v1/chat/completions');
    expect(t.server.requests[0]!.body.model).toBe('llama3');
  });

  it('-m before review reaches the reviewer; -a and --search become their config keys', async () => {
    // The review's header names the model its session was started with.
    const review = await codex(['-m', 'review-model', 'review', '--uncommitted']);
    expect(review.stderr).toMatch(/^model: review-model$/m);

    t.server.reset();
    t.server.enqueue(R.text('ok'));
    const run = await codex(['--search', '-a', 'never', 'exec', '--json', 'hi']);
    expect(run.code, run.stderr).toBe(0);
    // Live search, not the cached default.
    expect(t.server.requests[0]!.body.tools).toContainEqual(expect.objectContaining({ type: 'web_search', external_web_access: true }));
  });

  it('--remote before a headless command is refused, as in Codex; an unused option is ignored', async () => {
    const run = await codex(['--remote', 'ws://127.0.0.1:9', 'exec', 'hi']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Error: `--remote ws://127.0.0.1:9` is only supported for interactive TUI commands, not `codex exec`');
    expect(t.server.requests).toHaveLength(0);

    const mcp = await codex(['--remote', 'ws://127.0.0.1:9', 'mcp', 'list']);
    expect(mcp.code).toBe(1);
    expect(mcp.stderr).toContain('not `codex mcp`');

    const list = await codex(['-m', 'o3', 'mcp', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('No MCP servers configured yet');
  });

  it('in a terminal too, options then exec run exec, not the interactive UI with "exec" as its prompt', async () => {
    t.server.enqueue(R.text('from exec'));
    const term = new TerminalUnderTest(['-m', 'root-model', 'exec', 'hi'], { cwd: t.sb.workspace, env: t.sb.env });
    try {
      expect(await term.exited, term.snapshot()).toBe(0);
      expect(term.screen()).toContain('from exec');
      expect(t.server.requests[0]!.body.model).toBe('root-model');
    } finally {
      term.kill();
    }
  });

  it('an unknown option before the subcommand is still a usage error naming it', async () => {
    const run = await codex(['--no-such-flag', 'exec', 'hi']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unexpected argument '--no-such-flag' found");
    expect(t.server.requests).toHaveLength(0);
  });

  it('root options without a terminal or a subcommand: the UI needs a terminal, and exec is the headless way', async () => {
    const run = await codex(['-m', 'o3']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Error: stdin is not a terminal');
    expect(run.stderr).toContain('codex exec');
    expect(t.server.requests).toHaveLength(0);
  });
});

describe('options before resume', () => {
  it('codex exec --skip-git-repo-check resume --last continues the last session, not a new one about "resume"', async () => {
    t.server.enqueue(R.text('first answer'));
    expect((await codex(['exec', '--json', 'first question'])).code).toBe(0);
    const [path] = rollouts();

    t.server.enqueue(R.text('second answer'));
    const run = await codex(['exec', '--skip-git-repo-check', 'resume', '--last', 'second question']);
    expect(run.code, run.stderr).toBe(0);
    expect(rollouts()).toEqual([path]);
    const input = JSON.stringify(t.server.requests[1]!.body.input);
    expect(input).toContain('first question');
    expect(input).toContain('second question');
    expect(readFileSync(path!, 'utf8')).toContain('second question');
  });

  it('root options before exec and exec options before resume both apply to the resumed turn', async () => {
    t.server.enqueue(R.text('first answer'));
    expect((await codex(['exec', '--json', 'first question'])).code).toBe(0);

    t.server.enqueue(R.text('again'));
    const run = await codex(['-m', 'root-model', 'exec', '--json', '--skip-git-repo-check', 'resume', '--last', 'third question']);
    expect(run.code, run.stderr).toBe(0);
    expect(rollouts()).toHaveLength(1);
    expect(t.server.requests[1]!.body.model).toBe('root-model');
    expect(JSON.stringify(t.server.requests[1]!.body.input)).toContain('first question');
  });
});
