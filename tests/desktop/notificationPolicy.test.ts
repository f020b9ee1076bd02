import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ActivityTracker } from '../../main/desktop/activityTracker.js';
import {
  answerApprovalAction,
  notificationsEnabledIn,
  planForApproval,
  planForNotification,
  type NotificationPlan,
  type ViewContext,
} from '../../main/desktop/notificationPolicy.js';
import { threadStarted, turn } from '../support/notificationBuilders.js';
import { AppServer } from '../../main/core/server/appServer.js';
import { IpcRouter } from '../../main/ipc/router.js';
import { NOTIFICATION_CHANNEL, requestChannel, type NotificationPayload, type ServerRequestPayload } from '../../shared/ipc/contract.js';
import { REPO_ROOT, makeSandbox, scriptedSuite, type Sandbox } from '../support/cli.js';
import { responses as R } from '../support/scriptedServer.js';

const away: ViewContext = { enabled: true, windowFocused: false };

describe('notification policy', () => {
  it('notifies finished, failed and approval events only when the thread is out of view', () => {
    const tr = new ActivityTracker();
    tr.onNotification(threadStarted('t1', '/w/app'));
    tr.onNotification({ method: 'turn/started', params: { threadId: 't1', turn: turn('u1', 'inProgress') } });
    tr.onNotification({
      method: 'item/completed',
      params: { threadId: 't1', turnId: 'u1', item: { type: 'agentMessage', id: 'a', text: 'Tests pass now.' }, completedAtMs: 0 },
    });
    const done = { method: 'turn/completed' as const, params: { threadId: 't1', turn: turn('u1', 'completed') } };
    tr.onNotification(done);

    expect(planForNotification(done, tr, away)).toEqual({
      kind: 'turnCompleted',
      threadId: 't1',
      title: 'Codex finished: New thread in app',
      body: 'Tests pass now.',
      tag: 'turn-u1',
      actions: [],
    });
    // Focused on this thread, or focused with the view unknown: the user sees it.
    expect(planForNotification(done, tr, { enabled: true, windowFocused: true, viewedThreadId: 't1' })).toBeNull();
    expect(planForNotification(done, tr, { enabled: true, windowFocused: true })).toBeNull();
    // Focused on another thread: notify.
    expect(planForNotification(done, tr, { enabled: true, windowFocused: true, viewedThreadId: 'other' })?.kind).toBe('turnCompleted');
    // Setting off: never.
    expect(planForNotification(done, tr, { ...away, enabled: false })).toBeNull();

    const failed = { method: 'turn/completed' as const, params: { threadId: 't1', turn: turn('u2', 'failed', 'quota exceeded') } };
    expect(planForNotification(failed, tr, away)).toMatchObject({ kind: 'turnFailed', title: 'Codex failed: New thread in app', body: 'quota exceeded' });
    expect(planForNotification({ method: 'turn/completed', params: { threadId: 't1', turn: turn('u3', 'interrupted') } }, tr, away)).toBeNull();
    expect(planForNotification({ method: 'thread/warning', params: { threadId: 't1', message: 'x' } }, tr, away)).toBeNull();

    const req: ServerRequestPayload = {
      id: 'srv-7',
      method: 'item/commandExecution/requestApproval',
      params: { threadId: 't1', turnId: 'u4', itemId: 'i', command: 'npm publish', cwd: '/w/app', reason: 'needs network', startedAtMs: 0 },
    };
    expect(planForApproval(req, tr, away)).toEqual({
      kind: 'approval',
      threadId: 't1',
      title: 'Approval needed: New thread in app',
      body: 'Run npm publish\nneeds network',
      tag: 'approval-srv-7',
      requestId: 'srv-7',
      requestMethod: 'item/commandExecution/requestApproval',
      actions: [
        { id: 'approve', text: 'Approve' },
        { id: 'deny', text: 'Deny' },
      ],
    });
    expect(planForApproval(req, tr, { enabled: false, windowFocused: false })).toBeNull();
    expect(planForApproval(req, tr, { enabled: true, windowFocused: true, viewedThreadId: 't1' })).toBeNull();
  });

  it('reads the desktop.notifications setting (on unless false)', () => {
    expect(notificationsEnabledIn({ config: { desktop: { notifications: false } } })).toBe(false);
    expect(notificationsEnabledIn({ config: { desktop: { notifications: true } } })).toBe(true);
    expect(notificationsEnabledIn({ config: {} })).toBe(true);
  });
});

describe('approval notification actions against the real core', () => {
  const t = scriptedSuite();
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  /** The desktop's main-process wiring without Electron: router, tracker and the notification planner around the real core. */
  function desktopCore(sb: Sandbox) {
    const tracker = new ActivityTracker();
    const plans: NotificationPlan[] = [];
    const events: NotificationPayload[] = [];
    const router = new IpcRouter({
      push: (channel, payload) => {
        if (channel === NOTIFICATION_CHANNEL) {
          const n = payload as NotificationPayload;
          tracker.onNotification(n);
          events.push(n);
          const plan = planForNotification(n, tracker, away);
          if (plan) plans.push(plan);
        } else {
          const r = payload as ServerRequestPayload;
          tracker.onServerRequest(r);
          const plan = planForApproval(r, tracker, away);
          if (plan) plans.push(plan);
        }
      },
    });
    const core = new AppServer({ source: { custom: 'desktop' }, originator: 'codex_desktop', version: '0.0.0-test', host: router, env: sb.env });
    router.attach(core);
    cleanup = async () => {
      await core.shutdown();
      rmSync(dirname(sb.home), { recursive: true, force: true });
    };
    const waitFor = async <T>(find: () => T | undefined, what: string): Promise<T> => {
      for (let i = 0; i < 1200; i++) {
        const hit = find();
        if (hit !== undefined) return hit;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out waiting for ${what}`);
    };
    const startThread = async () => {
      const started = await router.invoke(requestChannel('thread/start'), { cwd: sb.workspace, sandbox: 'read-only', approvalPolicy: 'on-request' });
      expect(started.ok).toBe(true);
      return (started as { result: { thread: { id: string } } }).result.thread.id;
    };
    /** Runs one turn whose tool call needs approval, answers it from the notification, returns the plan. */
    const turnAnsweredFromNotification = async (threadId: string, prompt: string, action: 'approve' | 'deny') => {
      const before = plans.length;
      expect((await router.invoke(requestChannel('turn/start'), { threadId, input: [{ type: 'text', text: prompt }] })).ok).toBe(true);
      const plan = await waitFor(() => plans.slice(before).find((p) => p.kind === 'approval'), 'the approval notification');
      expect(tracker.get(threadId)?.state).toBe('waitingForApproval');
      expect(tracker.needsUserCount()).toBe(1);
      expect(await answerApprovalAction(router, plan.requestId!, plan.requestMethod!, action)).toEqual({ ok: true, result: {} });
      expect(tracker.needsUserCount()).toBe(0);
      const finished = await waitFor(() => plans.slice(before).find((p) => p.kind === 'turnCompleted'), 'the turn-finished notification');
      expect(finished).toMatchObject({ threadId, body: `${action} seen` });
      expect(tracker.get(threadId)?.state).toBe('done');
      // The same answer twice is refused: the request is no longer pending.
      expect(await answerApprovalAction(router, plan.requestId!, plan.requestMethod!, action)).toMatchObject({ ok: false, error: { code: -32602 } });
      return plan;
    };
    return { events, startThread, turnAnsweredFromNotification };
  }

  it('Approve runs the command and Deny refuses it, through the router the renderer uses', async () => {
    const desk = desktopCore(t.sb);
    const threadId = await desk.startThread();
    for (const [action, file] of [
      ['approve', join(t.sb.workspace, 'approved.txt')],
      ['deny', join(t.sb.workspace, 'denied.txt')],
    ] as const) {
      t.server.enqueue(
        R.functionCall({
          name: 'exec_command',
          arguments: { cmd: `echo yes > ${file}`, sandbox_permissions: 'require_escalated', justification: 'write a marker' },
          callId: `call-${action}`,
        }),
        R.text(`${action} seen`),
      );
      const plan = await desk.turnAnsweredFromNotification(threadId, `please ${action}`, action);
      expect(plan.body).toContain(file);
      expect(existsSync(file)).toBe(action === 'approve');
    }
    const completions = desk.events.filter((e) => e.method === 'turn/completed');
    expect(completions.map((e) => (e.params as { turn: { status: string } }).turn.status)).toEqual(['completed', 'completed']);
  });

  it('Approve and Deny answer an MCP tool approval (mcpServer/elicitation/request) too', async () => {
    const sb = makeSandbox(t.server.baseUrl, {
      extraConfig: `[mcp_servers.demo]\ncommand = "${process.execPath}"\nargs = ["${join(REPO_ROOT, 'tests/support/mcpTestServer.mjs')}"]\nstartup_timeout_sec = 60\n`,
    });
    const desk = desktopCore(sb);
    const threadId = await desk.startThread();
    for (const [action, file] of [
      ['approve', join(sb.workspace, 'mcp-approved.txt')],
      ['deny', join(sb.workspace, 'mcp-denied.txt')],
    ] as const) {
      t.server.enqueue(R.functionCall({ name: 'touch', namespace: 'mcp__demo', arguments: { path: file }, callId: `mcp-${action}` }), R.text(`${action} seen`));
      const plan = await desk.turnAnsweredFromNotification(threadId, `touch it (${action})`, action);
      expect(plan).toMatchObject({ requestMethod: 'mcpServer/elicitation/request', body: 'Allow the demo MCP server to run tool "touch"?' });
      expect(existsSync(file)).toBe(action === 'approve');
    }
  });
});
