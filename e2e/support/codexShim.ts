// Browser side of the test bridge: a script injected before the renderer loads
// (Playwright addInitScript) that implements `window.codex` (CodexApi) over the
// test host's WebSocket, speaking the same contract channels as the preload.
// Plain JS text so no bundler helper leaks into the page.
import {
  NOTIFICATION_CHANNEL,
  OPEN_LINK_CHANNEL,
  OPEN_THREAD_CHANNEL,
  PICK_FOLDER_CHANNEL,
  RECENT_PROJECTS_CHANNEL,
  REPORT_PROBLEM_CHANNEL,
  REQUEST_CHANNEL_PREFIX,
  RESPOND_CHANNEL,
  SERVER_REQUEST_CHANNEL,
  VIEW_CHANNEL,
  TERMINAL_EXITED_CHANNEL,
  TERMINAL_FORGET_CHANNEL,
  TERMINAL_LIST_CHANNEL,
  UPDATE_CHANNEL,
  UPDATE_STATUS_CHANNEL,
} from '../../shared/ipc/contract.js';

export function codexShimScript(wsUrl: string, token: string): string {
  const cfg = JSON.stringify({
    url: `${wsUrl}?token=${encodeURIComponent(token)}`,
    prefix: REQUEST_CHANNEL_PREFIX,
    respond: RESPOND_CHANNEL,
    notification: NOTIFICATION_CHANNEL,
    serverRequest: SERVER_REQUEST_CHANNEL,
    view: VIEW_CHANNEL,
    openThread: OPEN_THREAD_CHANNEL,
    pickFolder: PICK_FOLDER_CHANNEL,
    recentProjects: RECENT_PROJECTS_CHANNEL,
    openLink: OPEN_LINK_CHANNEL,
    terminalList: TERMINAL_LIST_CHANNEL,
    terminalForget: TERMINAL_FORGET_CHANNEL,
    terminalExited: TERMINAL_EXITED_CHANNEL,
    reportProblem: REPORT_PROBLEM_CHANNEL,
    update: UPDATE_CHANNEL,
    updateStatus: UPDATE_STATUS_CHANNEL,
  });
  return `(() => {
  const cfg = ${cfg};
  const ws = new WebSocket(cfg.url);
  const open = new Promise((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true });
    ws.addEventListener('error', () => reject(new Error('codex bridge: connection failed')), { once: true });
  });
  let seq = 0;
  const waiting = new Map();
  const listeners = { [cfg.notification]: new Set(), [cfg.serverRequest]: new Set(), [cfg.openThread]: new Set(), [cfg.terminalExited]: new Set(), [cfg.updateStatus]: new Set() };
  ws.addEventListener('message', (ev) => {
    const msg = JSON.parse(ev.data);
    if (typeof msg.seq === 'number') {
      const w = waiting.get(msg.seq);
      waiting.delete(msg.seq);
      if (w) msg.reply.ok ? w.resolve(msg.reply.result) : w.reject(new Error(msg.reply.error.message));
    } else if (listeners[msg.push]) {
      for (const cb of listeners[msg.push]) cb(msg.payload);
    }
  });
  ws.addEventListener('close', () => {
    for (const w of waiting.values()) w.reject(new Error('codex bridge closed'));
    waiting.clear();
  });
  async function invoke(channel, payload) {
    await open;
    const id = ++seq;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      ws.send(JSON.stringify({ seq: id, channel, payload }));
    });
  }
  const subscribe = (channel) => (cb) => {
    listeners[channel].add(cb);
    return () => listeners[channel].delete(cb);
  };
  Object.defineProperty(window, 'codex', {
    value: Object.freeze({
      request: (method, params) => invoke(cfg.prefix + method, params),
      onNotification: subscribe(cfg.notification),
      onServerRequest: subscribe(cfg.serverRequest),
      respond: (id, result) => invoke(cfg.respond, { id, result }).then(() => undefined),
      setView: (view) => invoke(cfg.view, view).then(() => undefined),
      recentProjects: () => invoke(cfg.recentProjects, {}).then((r) => r.projects),
      pickFolder: (defaultPath) => invoke(cfg.pickFolder, { defaultPath }).then((r) => r.path),
      openLink: (url, text) => invoke(cfg.openLink, { url, text }).then((r) => r.opened),
      reportProblem: () => invoke(cfg.reportProblem, {}).then((r) => r.path),
      onOpenThread: subscribe(cfg.openThread),
      listTerminals: () => invoke(cfg.terminalList, {}).then((r) => r.terminals),
      forgetTerminal: (processId) => invoke(cfg.terminalForget, { processId }).then(() => undefined),
      onTerminalExited: subscribe(cfg.terminalExited),
      updateStatus: () => invoke(cfg.update, { action: 'status' }),
      checkForUpdates: () => invoke(cfg.update, { action: 'check' }),
      restartToUpdate: () => invoke(cfg.update, { action: 'restart' }),
      onUpdateStatus: subscribe(cfg.updateStatus),
    }),
  });
})();`;
}
