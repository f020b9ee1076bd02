// The browser build's entry: the websocket bridge defines `window.codex` first,
// then the renderer starts exactly as in Electron. A dynamic import, because the
// bundler would otherwise run the renderer's shared chunk before the bridge.
import './bridge.js';

void import('../src/main.js');
