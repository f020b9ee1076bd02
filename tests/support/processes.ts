// Helpers for tests that watch real processes (no mocks): markers, liveness, waiting.
import { readdirSync, readFileSync } from 'node:fs';
import type { SandboxPolicy } from '../../main/core/sandbox/policy.js';

export const FULL_ACCESS: SandboxPolicy = { mode: 'danger-full-access' };

/** Env for test children, tagged so leftovers can be found in /proc afterwards. */
export function testEnv(marker: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', SHELL: '/bin/bash', CODEX_EXEC_TEST_MARKER: marker, ...extra };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie still answers signal 0; it is dead for our purposes.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Pids of live processes whose environment carries `marker` (Linux /proc). */
export function processesWithMarker(marker: string): number[] {
  const found: number[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const env = readFileSync(`/proc/${e}/environ`, 'latin1');
      if (env.includes(`CODEX_EXEC_TEST_MARKER=${marker}`) && isAlive(Number(e))) found.push(Number(e));
    } catch {
      /* gone or not ours */
    }
  }
  return found;
}

export async function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return cond();
}
