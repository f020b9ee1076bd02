// `codex doctor [--json]`: what works and what does not on this machine, with
// how to fix it. Exits 1 when a check fails, as Codex 0.169 does.
import { parseArgs, flag, list, str, UsageError, type OptionSpec } from './args.js';
import { VERSION } from '../core/version.js';
import { authCheck, configCheck, mcpCheck } from './doctor/configChecks.js';
import { cliOnPathCheck, electronCheck, sandboxCheck } from './doctor/hostChecks.js';
import { jsonReport, humanReport } from './doctor/report.js';
import { check, overall, type DoctorCheck } from './doctor/types.js';

export const DOCTOR_SPECS: OptionSpec[] = [
  { long: 'config', short: 'c', value: true, repeatable: true, help: 'Override a config value: -c key=value (value parsed as TOML)' },
  { long: 'enable', value: true, repeatable: true, help: 'Enable a feature (features.<name>=true)' },
  { long: 'disable', value: true, repeatable: true, help: 'Disable a feature (features.<name>=false)' },
  { long: 'profile', short: 'p', value: true, help: 'Configuration profile ($CODEX_HOME/<name>.config.toml)' },
  { long: 'json', help: 'Print the report as JSON' },
];

export interface DoctorIo {
  stdout(s: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function runDoctor(argv: string[], io: DoctorIo): number {
  const p = parseArgs(argv, DOCTOR_SPECS, {
    usage: 'codex doctor [OPTIONS]',
    about: 'Diagnose the Codex installation: config and its layers, login, sandbox, MCP servers, the desktop app',
  });
  if (p.positionals.length > 0) throw new UsageError(`unexpected argument '${p.positionals[0]}' found`);
  const cli = [...list(p, 'config'), ...list(p, 'enable').map((f) => `features.${f}=true`), ...list(p, 'disable').map((f) => `features.${f}=false`)];
  const durations = new Map<string, number>();
  const timed = (c: () => DoctorCheck): DoctorCheck => {
    const t0 = Date.now();
    const out = c();
    durations.set(out.id, Date.now() - t0);
    return out;
  };
  const checks: DoctorCheck[] = [];
  const t0 = Date.now();
  const loaded = configCheck({ cwd: io.cwd, cliOverrides: cli, ...(str(p, 'profile') ? { profile: str(p, 'profile') } : {}) }, io.env);
  durations.set(loaded.check.id, Date.now() - t0);
  checks.push(loaded.check);
  const config = loaded.config;
  if (config)
    checks.push(
      timed(() => authCheck(config, io.env)),
      timed(() => mcpCheck(config, io.env)),
    );
  else
    checks.push(
      check('auth.credentials', 'warn', 'not checked: the configuration did not load'),
      check('mcp.servers', 'warn', 'not checked: the configuration did not load'),
    );
  checks.push(
    timed(() => sandboxCheck(io.env)),
    timed(() => electronCheck(io.env)),
    timed(() => cliOnPathCheck(io.env)),
  );
  io.stdout(flag(p, 'json') ? jsonReport(checks, VERSION, durations) : humanReport(checks, VERSION));
  return overall(checks) === 'fail' ? 1 : 0;
}
