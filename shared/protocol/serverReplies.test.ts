import { describe, expect, it } from 'vitest';
import { declineReply, isApproved, parseServerReply, settleServerReply } from './serverReplies.js';

describe('parseServerReply', () => {
  it("accepts Codex 0.169's reply shapes, ignoring unknown top-level fields as Codex does", () => {
    for (const decision of ['accept', 'acceptForSession', 'decline', 'cancel'] as const) {
      expect(parseServerReply('item/commandExecution/requestApproval', { decision })).toEqual({ ok: true, result: { decision } });
      expect(parseServerReply('item/fileChange/requestApproval', { decision, extra: 1 })).toEqual({ ok: true, result: { decision } });
    }
    expect(parseServerReply('mcpServer/elicitation/request', { action: 'accept' })).toEqual({
      ok: true,
      result: { action: 'accept', content: null, _meta: null },
    });
    expect(parseServerReply('mcpServer/elicitation/request', { action: 'accept', content: {}, _meta: { persist: 'always' } })).toMatchObject({
      ok: true,
      result: { _meta: { persist: 'always' } },
    });
  });

  it.each([
    { decision: 'denied' },
    { decision: 'approved' },
    {},
    { decision: 'no' },
    'decline',
    null,
    [],
    undefined,
    { decision: 1 },
    { decision: { acceptWithExecpolicyAmendment: { execpolicy_amendment: [] } } },
  ])('refuses %j as a command reply, naming the method', (reply) => {
    const r = parseServerReply('item/commandExecution/requestApproval', reply);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toContain('invalid reply to item/commandExecution/requestApproval');
  });

  it('turns errors and malformed replies into the decline, and says why', () => {
    expect(settleServerReply('item/fileChange/requestApproval', { error: { code: -1, message: 'x' } })).toEqual({
      result: { decision: 'decline' },
      problem: expect.stringContaining('with an error'),
    });
    expect(settleServerReply('mcpServer/elicitation/request', { result: { action: 'yes' } })).toEqual({
      result: declineReply('mcpServer/elicitation/request'),
      problem: expect.stringContaining('action'),
    });
    expect(settleServerReply('item/commandExecution/requestApproval', { result: { decision: 'accept' } })).toEqual({
      result: { decision: 'accept' },
      problem: null,
    });
  });

  it('lets only an explicit accept proceed', () => {
    expect(['accept', 'acceptForSession', 'decline', 'cancel', 'approved', ''].filter(isApproved)).toEqual(['accept', 'acceptForSession']);
  });
});
