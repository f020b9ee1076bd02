// `codex doctor` output: a human report (✓ ⚠ ✗ per check, details indented),
// or Codex 0.169's JSON document.
import { overall, type CheckStatus, type DoctorCheck } from './types.js';

const MARK: Record<CheckStatus, string> = { ok: '✓', warn: '⚠', fail: '✗' };

export function humanReport(checks: DoctorCheck[], version: string): string {
  const lines = [`Codex Doctor v${version} · ${process.platform}-${process.arch}`, ''];
  for (const c of checks) {
    lines.push(`  ${MARK[c.status]} ${c.id.padEnd(18)} ${c.summary}${c.remediation ? ` — ${c.remediation}` : ''}`);
    for (const [k, v] of Object.entries(c.details)) lines.push(`      ${k.padEnd(24)} ${v}`);
  }
  const status = overall(checks);
  lines.push('', status === 'ok' ? 'No problems found.' : status === 'warn' ? 'Some checks need attention (⚠).' : 'Some checks failed (✗).');
  return lines.join('\n') + '\n';
}

export function jsonReport(checks: DoctorCheck[], version: string, durations: Map<string, number>): string {
  const doc = {
    schemaVersion: 1,
    generatedAt: `${Math.floor(Date.now() / 1000)}s since unix epoch`,
    overallStatus: overall(checks),
    codexVersion: version,
    checks: Object.fromEntries(checks.map((c) => [c.id, { ...c, durationMs: durations.get(c.id) ?? 0 }])),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
