// Small builders for the core's notifications, shared by the desktop tests.
import type { ServerNotification, Turn } from '../../shared/protocol/types.js';

export function turn(id: string, status: Turn['status'], error: string | null = null): Turn {
  return {
    id,
    items: [],
    status,
    error: error ? { message: error, codexErrorInfo: null, additionalDetails: null } : null,
    startedAt: null,
    completedAt: null,
    durationMs: null,
  };
}

export function threadStarted(id: string, cwd: string): ServerNotification {
  return {
    method: 'thread/started',
    params: {
      thread: {
        id,
        sessionId: id,
        projectId: null,
        status: { type: 'idle' },
        preview: '',
        ephemeral: false,
        modelProvider: 'mock',
        model: null,
        createdAt: 0,
        updatedAt: 0,
        cwd,
        path: null,
        cliVersion: '0',
        source: { custom: 'desktop' },
        turns: [],
      },
    },
  };
}
