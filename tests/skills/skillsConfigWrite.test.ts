// skills/config/write through the real app-server on a real CODEX_HOME: a skill
// turned off is one [[skills.config]] entry in config.toml (by path or by name),
// turning it on removes it, comments and other settings stay; skills/list says
// enabled: false, and the model is no longer told about it (nor can $name invoke
// it). The same writes on the reference Codex 0.169 leave the same bytes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, runCodex, scriptedSuite, type Sandbox } from '../support/cli.js';
import { responses as R } from '../support/scriptedServer.js';
import { AppServerClient } from '../support/appServerClient.js';
import { CODEX_REFERENCE_MISSING, codexReferenceBin } from '../support/codexReference.js';

const t = scriptedSuite();
const REFERENCE = codexReferenceBin();

function writeSkill(sb: Sandbox, name: string): string {
  const dir = join(sb.home, 'skills', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'SKILL.md'), `---\nname: ${name}\ndescription: The ${name} skill\n---\nDo ${name} things.\n`);
  return join(dir, 'SKILL.md');
}

/** The writes a user makes in Settings, and the bad requests Codex refuses. */
function steps(demo: string) {
  return [
    { enabled: false, path: demo },
    { enabled: false, path: demo },
    { enabled: false, name: 'other' },
    { enabled: true, path: demo },
    { enabled: true, name: 'other' },
    { enabled: true, name: 'never-disabled' },
    { enabled: true, name: 'other', path: demo },
    { enabled: true },
    { enabled: false, path: 'relative/SKILL.md' },
    { enabled: false, name: '  ' },
  ];
}

/** Runs the steps on an app-server (ours, or `bin`), recording each answer and config.toml after it. */
async function runSteps(sb: Sandbox, demo: string, bin?: string) {
  const client = AppServerClient.spawn(sb, bin ? { bin } : {});
  const out: { answer: unknown; config: string }[] = [];
  try {
    await client.initialized;
    for (const params of steps(demo)) {
      const r = await client.request('skills/config/write', params);
      out.push({ answer: r.result ?? { code: r.error.code, message: r.error.message }, config: readFileSync(join(sb.home, 'config.toml'), 'utf8') });
    }
  } finally {
    client.close();
  }
  return out;
}

describe('skills/config/write', () => {
  it('writes [[skills.config]] entries as Codex does, keeps the rest of config.toml, and skills/list follows', async () => {
    const demo = writeSkill(t.sb, 'demo');
    writeSkill(t.sb, 'other');
    const original = readFileSync(join(t.sb.home, 'config.toml'), 'utf8');
    writeFileSync(join(t.sb.home, 'config.toml'), `# my settings\n${original}`);
    const base = `# my settings\n${original}`;
    const client = AppServerClient.spawn(t.sb);
    const config = () => readFileSync(join(t.sb.home, 'config.toml'), 'utf8');
    const enabledFlags = async () => {
      const r = await client.request('skills/list', { cwds: [t.sb.workspace] });
      return Object.fromEntries(r.result.data[0].skills.map((s: any) => [s.name, s.enabled]));
    };
    try {
      await client.initialized;
      expect((await client.request('skills/config/write', { path: demo, enabled: false })).result).toEqual({ effectiveEnabled: false });
      const disabledDemo = `${base}\n[[skills.config]]\npath = ${JSON.stringify(demo)}\nenabled = false\n`;
      expect(config()).toBe(disabledDemo);
      expect(await enabledFlags()).toEqual({ demo: false, other: true });
      // Again: no second entry.
      await client.request('skills/config/write', { path: demo, enabled: false });
      expect(config()).toBe(disabledDemo);

      expect((await client.request('skills/config/write', { name: 'other', enabled: false })).result).toEqual({ effectiveEnabled: false });
      expect(config()).toBe(`${disabledDemo}\n[[skills.config]]\nname = "other"\nenabled = false\n`);
      expect(await enabledFlags()).toEqual({ demo: false, other: false });

      expect((await client.request('skills/config/write', { path: demo, enabled: true })).result).toEqual({ effectiveEnabled: true });
      expect(config()).toBe(`${base}\n[[skills.config]]\nname = "other"\nenabled = false\n`);
      await client.request('skills/config/write', { name: 'other', enabled: true });
      expect(config()).toBe(base);
      expect(await enabledFlags()).toEqual({ demo: true, other: true });

      const both = await client.request('skills/config/write', { name: 'other', path: demo, enabled: false });
      expect(both.error).toEqual({ code: -32602, message: 'skills/config/write requires exactly one of path or name' });
      const relative = await client.request('skills/config/write', { path: 'demo/SKILL.md', enabled: false });
      expect(relative.error).toMatchObject({ code: -32600, message: 'Invalid request: AbsolutePathBuf deserialized without a base path' });
      expect((await client.request('skills/config/write', { enabled: 'no' })).error.code).toBe(-32602);
      expect(config()).toBe(base);
    } finally {
      client.close();
    }
  });

  it('leaves a disabled skill out of what the model is told, and $name does not invoke it', async () => {
    const demo = writeSkill(t.sb, 'demo');
    writeSkill(t.sb, 'other');
    const client = AppServerClient.spawn(t.sb);
    try {
      await client.initialized;
      await client.request('skills/config/write', { path: demo, enabled: false });
    } finally {
      client.close();
    }
    t.server.enqueue(R.text('done'));
    const run = await runCodex(['exec', '--skip-git-repo-check', '-s', 'read-only', 'use $demo and $other'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(run.code, run.stderr).toBe(0);
    const texts = (role: string) =>
      t.server.requests[0]!.body.input.filter((i: any) => i.type === 'message' && i.role === role).map((i: any) =>
        i.content.map((c: any) => c.text ?? '').join(''),
      );
    const section = texts('developer').find((m: string) => m.startsWith('<skills_instructions>'))!;
    expect(section).toContain('- other: The other skill');
    expect(section).not.toContain('demo');
    const injected = texts('user').filter((m: string) => m.startsWith('<skill>'));
    expect(injected).toHaveLength(1);
    expect(injected[0]).toContain('Do other things.');
  });
});

describe.skipIf(!REFERENCE)(`skills/config/write against Codex 0.169 (${REFERENCE ?? CODEX_REFERENCE_MISSING})`, () => {
  it('leaves config.toml byte for byte as the reference does, with the same answers', async () => {
    const sb = makeSandbox(t.server.baseUrl);
    const demo = writeSkill(sb, 'demo');
    writeSkill(sb, 'other');
    const file = join(sb.home, 'config.toml');
    const original = `# keep this comment\n${readFileSync(file, 'utf8')}`;
    writeFileSync(file, original);
    const theirs = await runSteps(sb, demo, REFERENCE!);
    writeFileSync(file, original);
    const ours = await runSteps(sb, demo);
    expect(ours).toEqual(theirs);
    expect(theirs[0]!.config).toContain('[[skills.config]]');
  });
});
