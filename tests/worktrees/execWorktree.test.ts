// `codex exec --worktree` end to end: the real CLI against the scripted model
// server makes a managed worktree, runs the turn there under workspace-write,
// and the agent can commit on its branch while the repository's hooks, config
// and the user's branches stay out of its reach.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentOwner } from '../../main/core/worktrees/index.js';
import { runCodex } from '../support/cli.js';
import { dirty, makeRepo, sh, snapshot } from '../support/gitRepo.js';
import { responses as R, startScriptedServer, type ScriptedServer } from '../support/scriptedServer.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(async () => {
  await server.close();
});

function writeConfig(codexHome: string): NodeJS.ProcessEnv {
  fs.writeFileSync(
    path.join(codexHome, 'config.toml'),
    `model = "gpt-5.5"
model_provider = "mock"
[sandbox_workspace_write]
# The test repository lives under /tmp: keep /tmp out of the writable roots so the sandbox's .git rules are what is tested.
exclude_slash_tmp = true
exclude_tmpdir_env_var = true
[model_providers.mock]
name = "mock"
base_url = "${server.baseUrl}"
env_key = "MOCK_API_KEY"
wire_api = "responses"
request_max_retries = 0
stream_max_retries = 0
`,
  );
  return {
    PATH: process.env.PATH,
    HOME: path.dirname(codexHome),
    SHELL: '/bin/bash',
    LANG: 'C.UTF-8',
    CODEX_HOME: codexHome,
    MOCK_API_KEY: 'sk-test',
    GIT_AUTHOR_NAME: 'agent',
    GIT_AUTHOR_EMAIL: 'a@example.com',
    GIT_COMMITTER_NAME: 'agent',
    GIT_COMMITTER_EMAIL: 'a@example.com',
  };
}

describe('codex exec --worktree', () => {
  it('runs the turn in a new worktree where the agent can commit under workspace-write, but not touch hooks, config or main', async () => {
    const { repo, codexHome } = makeRepo();
    dirty(repo);
    const before = snapshot(repo);
    const common = path.join(repo, '.git');
    const cmd = [
      'pwd',
      'echo made > made.txt && git add made.txt && git commit -qm "agent commit" && echo COMMIT-OK',
      `(echo evil > ${common}/hooks/post-commit && echo HOOK-WRITTEN) 2>/dev/null || echo HOOK-REFUSED`,
      `(echo "[core]" >> ${common}/config && echo CONFIG-WRITTEN) 2>/dev/null || echo CONFIG-REFUSED`,
      `(git update-ref refs/heads/main HEAD && echo MAIN-MOVED) 2>/dev/null || echo MAIN-REFUSED`,
    ].join('; ');
    server.reset();
    server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd }, callId: 'c1' }), R.message('done'));
    const env = writeConfig(codexHome);
    const run = await runCodex(['exec', '--json', '--worktree', '-s', 'workspace-write', 'commit something'], { cwd: repo, env, timeoutMs: 90_000 });
    expect(run.stderr).toMatch(/Created worktree .*\/worktrees\/[0-9a-f]{4}\/project on branch codex\/[0-9a-f]{4}/);
    expect(run.code).toBe(0);

    const output: string = server.requests[1]!.body.input.find((i: any) => i.type === 'function_call_output').output;
    const wtPath = /Created worktree (\S+) on branch/.exec(run.stderr)![1]!;
    const branch = /on branch (\S+)/.exec(run.stderr)![1]!;
    expect(output).toContain(wtPath);
    expect(output).toContain('COMMIT-OK');
    expect(output).toContain('HOOK-REFUSED');
    expect(output).toContain('CONFIG-REFUSED');
    expect(output).toContain('MAIN-REFUSED');
    expect(sh(repo, ['log', '-1', '--format=%s', branch])).toBe('agent commit');
    expect(fs.existsSync(path.join(common, 'hooks', 'post-commit'))).toBe(false);
    // The user's checkout, index and branch are exactly as they were.
    expect(snapshot(repo)).toEqual(before);
    // The thread owned the worktree (Codex's record names it) and let go when exec ended.
    const threadId = run.events.find((e) => e.type === 'thread.started').thread_id;
    expect(JSON.parse(fs.readFileSync(path.join(sh(wtPath, ['rev-parse', '--absolute-git-dir']), 'codex-thread.json'), 'utf8'))).toEqual({
      version: 1,
      ownerThreadId: threadId,
    });
    expect(currentOwner(path.dirname(wtPath))).toBeUndefined();
  });

  it("runs the local environment's setup script in the new worktree first, and stops with its exit code and output when it fails", async () => {
    const { repo, codexHome } = makeRepo();
    const envFile = path.join(repo, '.codex', 'environments', 'environment.toml');
    fs.mkdirSync(path.dirname(envFile), { recursive: true });
    fs.writeFileSync(
      envFile,
      'version = 1\nname = "proj"\n[setup]\nscript = "echo setting up in $(pwd) from $CODEX_SOURCE_TREE_PATH; cp $CODEX_SOURCE_TREE_PATH/ignored/secret.env . && echo copied"\n',
    );
    fs.mkdirSync(path.join(repo, 'ignored'));
    fs.writeFileSync(path.join(repo, 'ignored', 'secret.env'), 'KEY=1\n');
    const env = writeConfig(codexHome);
    server.reset();
    server.enqueue(R.message('done'));
    const run = await runCodex(['exec', '--worktree', 'hi'], { cwd: repo, env });
    expect(run.code).toBe(0);
    const wtPath = /Created worktree (\S+) on branch/.exec(run.stderr)![1]!;
    expect(run.stderr).toContain(`Running the setup script of local environment "proj"`);
    expect(run.stderr).toContain(`setting up in ${wtPath} from ${repo}\ncopied\n`);
    expect(fs.readFileSync(path.join(wtPath, 'secret.env'), 'utf8')).toBe('KEY=1\n');

    fs.writeFileSync(envFile, 'version = 1\nname = "proj"\n[setup]\nscript = "echo npm ERR missing; exit 7"\n');
    server.reset();
    const failed = await runCodex(['exec', '--worktree', 'hi'], { cwd: repo, env });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Error: cannot create a worktree: the setup script for \S+ exited with code 7; its output:\nnpm ERR missing/);
    expect(server.requests).toHaveLength(0); // no turn ran
  });

  it('fails clearly outside a git repository and creates nothing', async () => {
    const { root, codexHome } = makeRepo();
    const plain = path.join(root, 'plain');
    fs.mkdirSync(plain);
    const run = await runCodex(['exec', '--worktree', '--skip-git-repo-check', 'hi'], { cwd: plain, env: writeConfig(codexHome) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Error: cannot create a worktree: ${plain} is not inside a git repository`);
    expect(fs.existsSync(path.join(codexHome, 'worktrees')) ? fs.readdirSync(path.join(codexHome, 'worktrees')).filter((n) => n !== '.journal') : []).toEqual(
      [],
    );
  });
});
