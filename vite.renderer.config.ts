// Builds the sandboxed renderer (React + zustand) to renderer/dist. Relative asset
// URLs so the same build loads from app:// (Electron) and http (`codex web`, the test host).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

export default defineConfig({
  root: resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'renderer/dist'),
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    // No inline scripts or data: modules: the CSP allows 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // index.html: Electron (window.codex from the preload); web.html: the browser
    // build (`codex web`), the same renderer behind the websocket bridge (renderer/web/).
    rollupOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html'), web: resolve(import.meta.dirname, 'renderer/web.html') } },
  },
});
