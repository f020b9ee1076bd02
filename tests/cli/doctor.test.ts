// `codex doctor [--json]` on real files, the real sandbox helper and a real
// PATH: each check reports what is there, and a failed check exits 1 (Codex).
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CODEX_BIN, makeSandbox, runCodex, type Sandbox } from '../support/cli.js';
import { codexReferenceBin } from '../support/codexReference.js';
import { locateLinuxSandboxHelper } from '../../main/core/sandbox/linux.js';

const reference = codexReferenceBin();

async function doctor(sb: Sandbox, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const run = await runCodex(['doctor', '--json', ...args], { cwd: sb.workspace, env: { ...sb.env, ...env } });
  return { code: run.code, report: JSON.parse(run.stdout), stderr: run.stderr };
}

describe('codex doctor', () => {
  it('reports in the shape of Codex 0.169 --json and exits 0 when nothing failed', async () => {
    const sb = makeSandbox('http://127.0.0.1:9/v1');
    const { code, report } = await doctor(sb);
    expect(code).toBe(0);
    expect(report).toMatchObject({ schemaVersion: 1, codexVersion: expect.any(String), overallStatus: expect.stringMatching(/^(ok|warn)$/) });
    expect(Object.keys(report.checks)).toEqual(['config.load', 'auth.credentials', 'mcp.servers', 'sandbox.support', 'desktop.electron', 'cli.path']);
    const config = report.checks['config.load'];
    expect(config.details['config.toml']).toBe(`${join(sb.home, 'config.toml')} (present)`);
    expect(config.details.provider).toContain('mock (http://127.0.0.1:9/v1');
    expect(report.checks['auth.credentials'].status).toBe('ok');
    if (reference) {
      // --summary: Codex's full run also probes the network (slow, and not what is compared).
      // (runReferenceCodex reads stdout as JSONL; this is one pretty-printed document.)
      const ref = spawnSync(reference, ['doctor', '--json', '--summary'], { cwd: sb.workspace, env: sb.env, encoding: 'utf8', timeout: 30_000 });
      const refReport = JSON.parse(ref.stdout);
      const refCheck = Object.values(refReport.checks)[0] as object;
      expect(Object.keys(config).sort()).toEqual(Object.keys(refCheck).sort());
      expect(Object.keys(report).sort()).toEqual(Object.keys(refReport).sort());
    }
  });

  it('names the config layers: the profile file and the -c overrides', async () => {
    const sb = makeSandbox('http://127.0.0.1:9/v1');
    writeFileSync(join(sb.home, 'work.config.toml'), 'model = "from-profile"\n');
    const { report } = await doctor(sb, ['-p', 'work', '-c', 'sandbox_mode="workspace-write"']);
    const d = report.checks['config.load'].details;
    expect(d.profile).toBe(`work: ${join(sb.home, 'work.config.toml')}`);
    expect(d['-c overrides']).toBe('sandbox_mode="workspace-write"');
    expect(d.model).toBe('from-profile');
    expect(d.sandbox).toBe('workspace-write');
  });

  it('a config that does not load fails the check with the error, and exits 1', async () => {
    const sb = makeSandbox('http://127.0.0.1:9/v1');
    const { code, report } = await doctor(sb, ['-c', 'sandbox_mode="sideways"']);
    expect(code).toBe(1);
    expect(report.checks['config.load'].status).toBe('fail');
    expect(report.checks['config.load'].details.error).toContain('sandbox_mode');
  });

  it('missing credentials fail with how to log in', async () => {
    const sb = makeSandbox('http://127.0.0.1:9/v1');
    const { code, report } = await doctor(sb, [], { MOCK_API_KEY: '' });
    expect(code).toBe(1);
    expect(report.checks['auth.credentials']).toMatchObject({ status: 'fail', remediation: expect.stringContaining('MOCK_API_KEY') });
  });

  it('an MCP server whose command is not on PATH is named', async () => {
    const sb = makeSandbox('http://127.0.0.1:9/v1', {
      extraConfig: '[mcp_servers.ghost]\ncommand = "no-such-mcp-binary"\n\n[mcp_servers.real]\ncommand = "node"\n',
    });
    const { report } = await doctor(sb);
    const mcp = report.checks['mcp.servers'];
    expect(mcp.status).toBe('warn');
    expect(mcp.details.ghost).toContain('command not found on PATH');
    expect(mcp.details.real).toContain('command found');
  });

  it('the sandbox check runs the helper --probe; a missing helper fails', async () => {
    const sb = makeSandbox('http://127.0.0.1:9/v1');
    const helper = locateLinuxSandboxHelper();
    if (helper.found) {
      const probe = execFileSync(helper.path, ['--probe'], { encoding: 'utf8' });
      const { report } = await doctor(sb);
      const s = report.checks['sandbox.support'];
      expect(s.details.helper).toBe(helper.path);
      expect(probe).toContain(`landlock_abi=${s.details.landlock_abi}`);
    }
    const { code, report } = await doctor(sb, [], { CODEX_LINUX_SANDBOX_EXE: '/nonexistent/codex-linux-sandbox' });
    expect(code).toBe(1);
    expect(report.checks['sandbox.support']).toMatchObject({ status: 'fail', summary: 'the Linux sandbox helper is missing' });
  });

  it('says which codex the PATH finds first', async () => {
    const sb = makeSandbox('http://127.0.0.1:9/v1');
    const ours = mkdtempSync(join(tmpdir(), 'codex-path-'));
    symlinkSync(CODEX_BIN, join(ours, 'codex'));
    const other = mkdtempSync(join(tmpdir(), 'codex-path-'));
    writeFileSync(join(other, 'codex'), '#!/bin/sh\necho other\n');
    chmodSync(join(other, 'codex'), 0o755);
    const first = await doctor(sb, [], { PATH: `${ours}:${other}:${process.env.PATH}` });
    expect(first.report.checks['cli.path'].status).toBe('ok');
    const shadowed = await doctor(sb, [], { PATH: `${other}:${ours}:${process.env.PATH}` });
    expect(shadowed.report.checks['cli.path']).toMatchObject({ status: 'warn', summary: "the first `codex` on PATH is not Codex Desktop's" });
    expect(shadowed.report.checks['cli.path'].details['codex (#2)']).toContain('this CLI');
  });

  it('without an Electron binary or a display, the desktop check says the CLI works headless', async () => {
    const sb = makeSandbox('http://127.0.0.1:9/v1');
    const { report } = await doctor(sb, [], { DISPLAY: '', WAYLAND_DISPLAY: '' });
    const e = report.checks['desktop.electron'];
    expect(e.status).toBe('warn');
    expect(e.remediation).toContain('headless');
  });

  it('the human report marks each check', async () => {
    const sb = makeSandbox('http://127.0.0.1:9/v1');
    mkdirSync(join(sb.workspace, 'x'));
    const run = await runCodex(['doctor'], { cwd: sb.workspace, env: sb.env });
    expect(run.stdout).toMatch(/^Codex Doctor v\S+ · linux-/);
    expect(run.stdout).toMatch(/^ {2}[✓⚠✗] config\.load/m);
    expect(run.stdout).toMatch(/^ {2}[✓⚠✗] sandbox\.support/m);
  });
});
