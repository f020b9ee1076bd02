import { describe, expect, it } from 'vitest';
import { ActivityTracker } from './activityTracker.js';
import { badgeState, buildTrayMenu } from './trayMenu.js';
import { threadStarted, turn } from '../../tests/support/notificationBuilders.js';

describe('tray menu model', () => {
  it('lists running threads by urgency, then Show window and Quit; badges only approvals', () => {
    const tr = new ActivityTracker();
    for (const id of ['idle', 'busy', 'asks', 'ok']) tr.onNotification(threadStarted(id, `/w/${id}`));
    for (const id of ['busy', 'asks', 'ok']) tr.onNotification({ method: 'turn/started', params: { threadId: id, turn: turn(`u-${id}`, 'inProgress') } });
    tr.onNotification({ method: 'turn/completed', params: { threadId: 'ok', turn: turn('u-ok', 'completed') } });
    tr.onServerRequest({ id: 'srv-1', method: 'item/fileChange/requestApproval', params: { threadId: 'asks', turnId: 'u-asks', itemId: 'i', reason: null, changes: [], grantRoot: null, startedAtMs: 0 } });

    const menu = buildTrayMenu(tr.list());
    expect(menu).toEqual([
      { kind: 'thread', threadId: 'asks', label: 'New thread in asks — waiting for approval', state: 'waitingForApproval' },
      { kind: 'thread', threadId: 'busy', label: 'New thread in busy — working', state: 'working' },
      { kind: 'thread', threadId: 'ok', label: 'New thread in ok — done', state: 'done' },
      { kind: 'separator' },
      { kind: 'show', label: 'Show window' },
      { kind: 'separator' },
      { kind: 'quit', label: 'Quit Codex Desktop' },
    ]);
    expect(badgeState(tr.list())).toEqual({ count: 1, attention: true, tooltip: 'Codex — 1 waiting for approval, 1 working' });

    tr.onNotification({ method: 'serverRequest/resolved', params: { threadId: 'asks', requestId: 'srv-1' } });
    expect(badgeState(tr.list())).toEqual({ count: 0, attention: false, tooltip: 'Codex — 2 working' });
    expect(buildTrayMenu([])).toEqual([{ kind: 'show', label: 'Show window' }, { kind: 'separator' }, { kind: 'quit', label: 'Quit Codex Desktop' }]);
    expect(badgeState([]).tooltip).toBe('Codex');
  });
});
