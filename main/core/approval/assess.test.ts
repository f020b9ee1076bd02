import { describe, expect, it } from 'vitest';
import { assessCommand, shouldOfferUnsandboxedRetry } from './assess.js';
import type { SandboxPolicy } from '../sandbox/policy.js';

const ro: SandboxPolicy = { mode: 'read-only', networkAccess: false };
const full: SandboxPolicy = { mode: 'danger-full-access' };
const bash = (s: string) => ['bash', '-lc', s];

describe('assessCommand', () => {
  it('never: runs everything in the sandbox and refuses escalation', () => {
    expect(assessCommand({ argv: bash('make'), escalate: false }, 'never', ro, false)).toEqual({ kind: 'run', sandboxed: true });
    expect(assessCommand({ argv: bash('make'), escalate: true }, 'never', ro, false).kind).toBe('reject');
    expect(assessCommand({ argv: bash('make'), escalate: false }, 'never', full, false)).toEqual({ kind: 'run', sandboxed: false });
  });

  it('untrusted: known-safe commands run, the rest ask', () => {
    expect(assessCommand({ argv: bash('ls -la && cat README.md'), escalate: false }, 'untrusted', ro, false)).toEqual({ kind: 'run', sandboxed: true });
    expect(assessCommand({ argv: bash('npm install'), escalate: false }, 'untrusted', ro, false)).toMatchObject({ kind: 'ask', sandboxedIfApproved: true });
    expect(assessCommand({ argv: bash('ls > out.txt'), escalate: false }, 'untrusted', ro, false).kind).toBe('ask');
  });

  it('on-request: escalation asks and runs unsandboxed once approved; dangerous commands ask', () => {
    expect(assessCommand({ argv: bash('curl x'), escalate: true, justification: 'network' }, 'on-request', ro, false)).toEqual({
      kind: 'ask',
      reason: 'network',
      sandboxedIfApproved: false,
    });
    expect(assessCommand({ argv: bash('rm -rf build'), escalate: false }, 'on-request', ro, false)).toMatchObject({ kind: 'ask', sandboxedIfApproved: true });
    expect(assessCommand({ argv: bash('make'), escalate: false }, 'on-request', ro, false)).toEqual({ kind: 'run', sandboxed: true });
  });

  it('granular: as on-request, but with sandbox_approval = false what would ask is refused unasked', () => {
    const granular = (sandbox_approval: boolean) => ({
      granular: { sandbox_approval, rules: true, mcp_elicitations: true, skill_approval: false, request_permissions: false },
    });
    expect(assessCommand({ argv: bash('curl x'), escalate: true, justification: 'network' }, granular(true), ro, false)).toEqual({
      kind: 'ask',
      reason: 'network',
      sandboxedIfApproved: false,
    });
    expect(assessCommand({ argv: bash('make'), escalate: false }, granular(false), ro, false)).toEqual({ kind: 'run', sandboxed: true });
    expect(assessCommand({ argv: bash('curl x'), escalate: true }, granular(false), ro, false)).toMatchObject({
      kind: 'reject',
      message: expect.stringContaining('sandbox_approval = false'),
    });
    expect(assessCommand({ argv: bash('rm -rf build'), escalate: false }, granular(false), ro, false).kind).toBe('reject');
    expect(shouldOfferUnsandboxedRetry(granular(true))).toBe(false);
  });

  it('a command approved for the session runs without asking again', () => {
    expect(assessCommand({ argv: bash('npm install'), escalate: false }, 'untrusted', ro, true)).toEqual({ kind: 'run', sandboxed: true });
    expect(assessCommand({ argv: bash('curl x'), escalate: true }, 'on-request', ro, true)).toEqual({ kind: 'run', sandboxed: false });
  });

  it('only on-failure offers an unsandboxed retry after a denial', () => {
    expect(shouldOfferUnsandboxedRetry('on-failure')).toBe(true);
    expect(shouldOfferUnsandboxedRetry('on-request')).toBe(false);
    expect(shouldOfferUnsandboxedRetry('never')).toBe(false);
  });
});
