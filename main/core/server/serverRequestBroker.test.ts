import { describe, expect, it } from 'vitest';
import { ServerRequestBroker, type ServerRequestHost } from './serverRequestBroker.js';
import type { PendingServerRequest } from './pendingServerRequests.js';

function host() {
  const requests: PendingServerRequest[] = [];
  const resolved: string[] = [];
  const h: ServerRequestHost = { sendRequest: (r) => requests.push(r), sendResolved: (_t, id) => resolved.push(id) };
  return { h, requests, resolved };
}

const command = (turnId: string) => ({ threadId: 't1', turnId, itemId: 'i', command: 'rm -rf build', cwd: '/w', reason: null, startedAtMs: 0 });

describe('ServerRequestBroker', () => {
  it('sends each request to every host, takes the first answer, and tells every host it is resolved', async () => {
    const warnings: string[] = [];
    const broker = new ServerRequestBroker((m) => warnings.push(m));
    const a = host();
    const b = host();
    broker.attach(a.h);
    broker.attach(b.h);
    const reply = broker.request('item/commandExecution/requestApproval', command('u1'));
    expect(a.requests.map((r) => r.id)).toEqual(['srv-1']);
    expect(b.requests).toEqual(a.requests);
    expect(broker.answer('srv-1', { result: { decision: 'accept' } })?.problem).toBeNull();
    expect(await reply).toEqual({ decision: 'accept' });
    expect(a.resolved).toEqual(['srv-1']);
    expect(b.resolved).toEqual(['srv-1']);
    // A second answer (another window) finds nothing to approve.
    expect(broker.answer('srv-1', { result: { decision: 'decline' } })).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('declines a malformed answer, and what a finished turn left open', async () => {
    const warnings: string[] = [];
    const broker = new ServerRequestBroker((m) => warnings.push(m));
    const a = host();
    broker.attach(a.h);
    const malformed = broker.request('item/commandExecution/requestApproval', command('u1'));
    const leftOpen = broker.request('item/commandExecution/requestApproval', command('u2'));
    const otherTurn = broker.request('item/commandExecution/requestApproval', command('u3'));
    expect(broker.answer('srv-1', { result: { decision: 'yes please' } })?.problem).toMatch(/invalid reply to item\/commandExecution\/requestApproval/);
    expect(await malformed).toEqual({ decision: 'decline' });
    broker.turnEnded('t1', 'u2');
    expect(await leftOpen).toEqual({ decision: 'decline' });
    expect(a.resolved).toEqual(['srv-1', 'srv-2']);
    expect(broker.list().map((r) => r.id)).toEqual(['srv-3']);
    expect(warnings).toHaveLength(1);
    broker.failAll(new Error('client disconnected'));
    await expect(otherTurn).rejects.toThrow('client disconnected');
  });

  it('replays what is open to a host that attaches later (a reloaded window), and stops sending to a detached one', () => {
    const broker = new ServerRequestBroker(() => {});
    const first = host();
    const detach = broker.attach(first.h);
    void broker.request('item/commandExecution/requestApproval', command('u1'));
    detach();
    void broker.request('item/commandExecution/requestApproval', command('u1'));
    expect(first.requests.map((r) => r.id)).toEqual(['srv-1']);
    const reloaded = host();
    broker.attach(reloaded.h);
    expect(reloaded.requests.map((r) => r.id)).toEqual(['srv-1', 'srv-2']);
  });
});
