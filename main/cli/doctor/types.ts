// One finding of `codex doctor`, in the shape of Codex 0.169's `doctor --json` checks.
export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface DoctorCheck {
  id: string;
  category: string;
  status: CheckStatus;
  summary: string;
  details: Record<string, string>;
  remediation: string | null;
}

export function check(id: string, status: CheckStatus, summary: string, details: Record<string, string> = {}, remediation: string | null = null): DoctorCheck {
  return { id, category: id.split('.')[0]!, status, summary, details, remediation };
}

/** The worst status of all: fail beats warn beats ok. */
export function overall(checks: DoctorCheck[]): CheckStatus {
  return checks.some((c) => c.status === 'fail') ? 'fail' : checks.some((c) => c.status === 'warn') ? 'warn' : 'ok';
}
