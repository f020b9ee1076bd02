// A repository's `.codex/config.toml` through the real CLI: ignored with Codex's
// notice (naming the file and how to trust it) until the project is trusted,
// `codex exec --trust` saves `[projects."<repo root>"] trust_level = "trusted"`
// in the user's config.toml and the project's settings then apply; an
// explicitly untrusted project stays so; config/read reports the layers and
// which one set each key, as Codex's ConfigReadResponse.
import { mkdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCodex, scriptedSuite } from '../support/cli.js';
import { responses as R } from '../support/scriptedServer.js';
import { AppServerClient } from '../support/appServerClient.js';
import { codexReferenceBin } from '../support/codexReference.js';

const t = scriptedSuite();

function projectFiles(): { sub: string; projectFile: string } {
  const dotCodex = join(t.sb.workspace, '.codex');
  mkdirSync(dotCodex, { recursive: true });
  const projectFile = join(dotCodex, 'config.toml');
  writeFileSync(projectFile, 'model = "from-project"\nmodel_reasoning_effort = "high"\n');
  const sub = join(t.sb.workspace, 'pkg');
  mkdirSync(sub);
  return { sub, projectFile };
}

// No -s: the sandbox is each case's default.
const exec = (cwd: string, extra: string[] = []) => runCodex(['exec', '--skip-git-repo-check', ...extra, 'hi'], { cwd, env: t.sb.env });

const userConfig = () => join(t.sb.home, 'config.toml');

describe('project config and trust', () => {
  it("an untrusted project: its config is ignored, with Codex's notice naming the file and how to trust it", async () => {
    const { sub, projectFile } = projectFiles();
    t.server.enqueue(R.text('ok'));
    const run = await exec(sub);
    expect(run.code).toBe(0);
    expect(t.server.requests[0]!.body.model).toBe('gpt-5.5');
    expect(run.stderr).toContain('Untrusted project-local configuration is disabled. Run `codex exec --trust` to allow project configuration');
    expect(run.stderr).toContain(`Ignored ${projectFile}: To load config.toml, add ${t.sb.workspace} as a trusted project in ${userConfig()}.`);
    expect(readFileSync(userConfig(), 'utf8')).not.toContain('[projects');
    // Without -s: the default sandbox of an untrusted project is read-only.
    t.server.enqueue(R.text('ok'));
    const plain = await runCodex(['exec', '--skip-git-repo-check', 'hi'], { cwd: sub, env: t.sb.env });
    expect(plain.stderr).toMatch(/sandbox: read-only/);
  });

  it('--trust saves trust for the repository root; the project config then layers over the user config', async () => {
    const { sub } = projectFiles();
    t.server.enqueue(R.text('ok'), R.text('again'));
    const run = await exec(sub, ['--trust']);
    expect(run.code).toBe(0);
    expect(readFileSync(userConfig(), 'utf8')).toContain(`[projects."${t.sb.workspace}"]\ntrust_level = "trusted"\n`);
    expect(t.server.requests[0]!.body.model).toBe('from-project');
    expect(t.server.requests[0]!.body.reasoning?.effort).toBe('high');
    expect(run.stderr).not.toContain('Untrusted project-local configuration');
    // As Codex: a trusted project without a sandbox_mode setting runs workspace-write (untrusted: read-only).
    expect(run.stderr).toMatch(/sandbox: workspace-write/);
    // Saved: the next run without --trust uses it too, and -c still beats the project.
    const again = await exec(sub, ['-c', 'model_reasoning_effort="low"']);
    expect(again.code).toBe(0);
    expect(t.server.requests[1]!.body.model).toBe('from-project');
    expect(t.server.requests[1]!.body.reasoning?.effort).toBe('low');
  });

  it('--trust does not override a project marked untrusted', async () => {
    const { sub } = projectFiles();
    appendFileSync(userConfig(), `\n[projects."${t.sb.workspace}"]\ntrust_level = "untrusted"\n`);
    const before = readFileSync(userConfig(), 'utf8');
    t.server.enqueue(R.text('ok'));
    const run = await exec(sub, ['--trust']);
    expect(run.code).toBe(0);
    expect(readFileSync(userConfig(), 'utf8')).toBe(before);
    expect(t.server.requests[0]!.body.model).toBe('gpt-5.5');
    expect(run.stderr).toContain(`${t.sb.workspace} is marked as untrusted in ${userConfig()}. To load config.toml, mark it trusted.`);
  });

  it('config/read with a cwd: the project layer above the user layer, disabled until trusted, and the origin of each key', async () => {
    const { sub, projectFile } = projectFiles();
    const client = AppServerClient.spawn(t.sb);
    try {
      await client.initialized;
      const untrusted = (await client.request('config/read', { includeLayers: true, cwd: sub })).result;
      expect(untrusted.layers.map((l: any) => l.name)).toEqual([
        { type: 'project', dotCodexFolder: join(t.sb.workspace, '.codex') },
        { type: 'user', file: userConfig(), profile: null },
      ]);
      expect(untrusted.layers[0].disabledReason).toBe(`To load config.toml, add ${t.sb.workspace} as a trusted project in ${userConfig()}.`);
      expect(untrusted.layers[0].config).toEqual({ model: 'from-project', model_reasoning_effort: 'high' });
      expect(untrusted.config.model).toBe('gpt-5.5');
      expect(untrusted.origins.model.name.type).toBe('user');

      appendFileSync(userConfig(), `\n[projects."${t.sb.workspace}"]\ntrust_level = "trusted"\n`);
      // A relative writable root in the project's file is relative to its .codex folder, not to CODEX_HOME.
      appendFileSync(projectFile, '[sandbox_workspace_write]\nwritable_roots = ["../out"]\n');
      const trusted = (await client.request('config/read', { includeLayers: true, cwd: sub })).result;
      expect(trusted.config.sandbox_workspace_write.writable_roots).toEqual([join(t.sb.workspace, 'out')]);
      expect(trusted.layers[0].disabledReason).toBeNull();
      expect(trusted.config.model).toBe('from-project');
      expect(trusted.origins.model.name).toEqual({ type: 'project', dotCodexFolder: join(t.sb.workspace, '.codex') });
      expect(trusted.origins.model_provider.name.type).toBe('user');
      expect(readFileSync(projectFile, 'utf8')).toContain('from-project');
    } finally {
      client.close();
    }
  });

  // Codex 0.169's app-server (checked on the reference, run below too when present): choosing a
  // sandbox that may write is trusting the project; read-only is not; an "untrusted" entry stays.
  for (const [name, bin] of [
    ['ours', undefined],
    ['Codex 0.169', codexReferenceBin()],
  ] as const) {
    it.skipIf(name !== 'ours' && !bin)(
      `app-server thread/start with a writable sandbox trusts the project and applies its config at once (${name})`,
      async () => {
        const { sub } = projectFiles();
        const client = AppServerClient.spawn(t.sb, { bin });
        try {
          await client.initialized;
          const readOnly = (await client.request('thread/start', { cwd: sub, sandbox: 'read-only' })).result;
          expect(readOnly.reasoningEffort).toBeNull();
          expect(readFileSync(userConfig(), 'utf8')).not.toContain('[projects');

          const writable = (await client.request('thread/start', { cwd: sub, sandbox: 'workspace-write', approvalPolicy: 'on-request' })).result;
          expect(readFileSync(userConfig(), 'utf8')).toContain(`[projects."${t.sb.workspace}"]\ntrust_level = "trusted"\n`);
          expect(writable.reasoningEffort).toBe('high');
          expect(writable.model).toBe('from-project');
        } finally {
          client.close();
        }
      },
    );
  }

  it('app-server thread/start leaves a project marked untrusted as it is, even with a writable sandbox', async () => {
    const { sub } = projectFiles();
    appendFileSync(userConfig(), `\n[projects."${t.sb.workspace}"]\ntrust_level = "untrusted"\n`);
    const before = readFileSync(userConfig(), 'utf8');
    const client = AppServerClient.spawn(t.sb);
    try {
      await client.initialized;
      const r = (await client.request('thread/start', { cwd: sub, sandbox: 'danger-full-access' })).result;
      expect(r.model).toBe('gpt-5.5');
      expect(readFileSync(userConfig(), 'utf8')).toBe(before);
    } finally {
      client.close();
    }
  });
});
