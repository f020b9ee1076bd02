// Skills through the real CLI against the scripted model server: SKILL.md files
// under CODEX_HOME/skills, a repository's .agents/skills and .codex/skills are
// listed to the model in Codex's `<skills_instructions>` section, `$name` in the
// prompt adds the skill's SKILL.md as Codex's `<skill>` user message, invalid
// files are left out (and reported by skills/list, in Codex's shape), and the
// section is byte for byte the reference Codex 0.169's for the same files.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, runCodex, scriptedSuite, type Sandbox } from '../support/cli.js';
import { responses as R } from '../support/scriptedServer.js';
import { AppServerClient } from '../support/appServerClient.js';
import { CODEX_REFERENCE_MISSING, codexReferenceBin } from '../support/codexReference.js';
import { runReferenceCodex } from '../support/referenceCli.js';
import { HOW_TO_USE_SKILLS } from '../../main/core/skills/howToUse.js';

const t = scriptedSuite();
const REFERENCE = codexReferenceBin();

function writeSkill(dir: string, contents: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'SKILL.md');
  writeFileSync(file, contents);
  return file;
}

/** A user skill, two repo skills (.agents and .codex) and one broken file. */
function skillTree(sb: Sandbox) {
  const user = writeSkill(
    join(sb.home, 'skills', 'pdf-tools'),
    '---\nname: pdf-tools\ndescription: Extract text and tables\n  from PDF files.\n---\n\n# PDF tools\n\nUse pdftotext -layout.\n',
  );
  const deploy = writeSkill(
    join(sb.workspace, '.agents', 'skills', 'deploy'),
    '---\nname: deploy\ndescription: "Deploy the service: staging first"\n---\nRun ./deploy.sh staging.\n',
  );
  const lint = writeSkill(
    join(sb.workspace, '.codex', 'skills', 'lint'),
    "---\nname: lint\ndescription: 'Lint the code base.'\nmetadata:\n  short-description: Lint\n---\nRun npm run lint.\n",
  );
  const broken = writeSkill(join(sb.workspace, '.agents', 'skills', 'broken'), '---\nname: broken\n---\nno description\n');
  return { user, deploy, lint, broken };
}

const messages = (body: any, role: string): string[] =>
  body.input.filter((i: any) => i.type === 'message' && i.role === role).map((i: any) => i.content.map((c: any) => c.text ?? '').join(''));

describe('skills', () => {
  it("lists every skill to the model in Codex's format and injects a $named one after the user message", async () => {
    const f = skillTree(t.sb);
    t.server.enqueue(R.text('done'));
    const run = await runCodex(['exec', '--skip-git-repo-check', '-s', 'read-only', 'please use $pdf-tools then $deploy, not $unknown'], {
      cwd: t.sb.workspace,
      env: t.sb.env,
    });
    expect(run.code, run.stderr).toBe(0);
    const body = t.server.requests[0]!.body;
    const section = messages(body, 'developer').find((m) => m.startsWith('<skills_instructions>'));
    expect(section).toBe(
      [
        '<skills_instructions>',
        '## Skills',
        'A skill is a set of local instructions to follow that is stored in a `SKILL.md` file. Below is the list of skills that can be used. Each entry includes a name, description, and a short path that can be expanded into an absolute path using the skill roots table.',
        '### Skill roots',
        `- \`r0\` = \`${join(t.sb.workspace, '.codex', 'skills')}\``,
        `- \`r1\` = \`${join(t.sb.home, 'skills')}\``,
        `- \`r2\` = \`${join(t.sb.workspace, '.agents', 'skills')}\``,
        '### Available skills',
        '- deploy: Deploy the service: staging first (file: r2/deploy/SKILL.md)',
        '- lint: Lint the code base. (file: r0/lint/SKILL.md)',
        '- pdf-tools: Extract text and tables from PDF files. (file: r1/pdf-tools/SKILL.md)',
        HOW_TO_USE_SKILLS,
        '</skills_instructions>',
      ].join('\n'),
    );
    expect(HOW_TO_USE_SKILLS.startsWith('### How to use skills\n- Discovery: ')).toBe(true);
    const users = messages(body, 'user');
    const prompt = users.indexOf('please use $pdf-tools then $deploy, not $unknown');
    expect(prompt).toBeGreaterThan(-1);
    expect(users.slice(prompt + 1)).toEqual([
      `<skill>\n<name>pdf-tools</name>\n<path>${f.user}</path>\n${readFileSync(f.user, 'utf8')}\n</skill>`,
      `<skill>\n<name>deploy</name>\n<path>${f.deploy}</path>\n${readFileSync(f.deploy, 'utf8')}\n</skill>`,
    ]);
  });

  it('no skills: no section and nothing injected', async () => {
    t.server.enqueue(R.text('done'));
    const run = await runCodex(['exec', '--skip-git-repo-check', 'use $deploy'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(run.code, run.stderr).toBe(0);
    const body = t.server.requests[0]!.body;
    expect(messages(body, 'developer').some((m) => m.includes('<skills_instructions>'))).toBe(false);
    expect(messages(body, 'user').some((m) => m.startsWith('<skill>'))).toBe(false);
  });

  it("skills/list answers in Codex's shape, per cwd, with the files that are not skills", async () => {
    const f = skillTree(t.sb);
    const client = AppServerClient.spawn(t.sb);
    try {
      await client.initialized;
      const res = (await client.request('skills/list', { cwds: [t.sb.workspace] })).result;
      expect(res.data).toHaveLength(1);
      const entry = res.data[0];
      expect(entry.cwd).toBe(t.sb.workspace);
      expect(entry.skills).toEqual([
        { name: 'deploy', description: 'Deploy the service: staging first', shortDescription: null, path: f.deploy, scope: 'repo', enabled: true },
        { name: 'lint', description: 'Lint the code base.', shortDescription: 'Lint', path: f.lint, scope: 'repo', enabled: true },
        { name: 'pdf-tools', description: 'Extract text and tables from PDF files.', shortDescription: null, path: f.user, scope: 'user', enabled: true },
      ]);
      expect(entry.errors).toEqual([{ path: f.broken, message: 'missing field `description`' }]);
      const bad = await client.request('skills/list', { cwds: [''] });
      expect(bad.error?.code).toBe(-32602);
    } finally {
      client.close();
    }
  });
});

describe.skipIf(!REFERENCE)(`skills section against Codex 0.169 (${REFERENCE ?? CODEX_REFERENCE_MISSING})`, () => {
  it('lists the same skills with the same roots and text as the reference, and injects the same <skill> message', async () => {
    const sb = makeSandbox(t.server.baseUrl);
    skillTree(sb);
    const args = ['exec', '--json', '--skip-git-repo-check', 'use $lint now'];
    // The reference installs its system skills under CODEX_HOME/skills/.system; ours then finds them too.
    t.server.enqueue(R.message('ok'), R.message('ok'));
    const theirs = await runReferenceCodex(REFERENCE!, args, { cwd: sb.workspace, env: sb.env });
    expect(theirs.code, theirs.stderr).toBe(0);
    const ours = await runCodex(args, { cwd: sb.workspace, env: sb.env });
    expect(ours.code, ours.stderr).toBe(0);
    const [refBody, ourBody] = [t.server.requests[0]!.body, t.server.requests[1]!.body];
    const sectionOf = (body: any) => messages(body, 'developer').flatMap((m) => m.match(/<skills_instructions>[\s\S]*<\/skills_instructions>/) ?? []);
    expect(sectionOf(ourBody)).toEqual(sectionOf(refBody));
    expect(sectionOf(ourBody)[0]).toContain('- lint: Lint the code base.');
    const injected = (body: any) => messages(body, 'user').filter((m) => m.startsWith('<skill>'));
    expect(injected(ourBody)).toEqual(injected(refBody));
    expect(injected(ourBody)).toHaveLength(1);
  }, 180_000);
});
