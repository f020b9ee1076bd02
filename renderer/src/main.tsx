import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { connect, init } from './store.js';
import { connectWorktrees } from './worktrees.js';
import { connectTerminals } from './terminals.js';
import { mirrorBlockedStyles } from './cspStyles.js';
import { connectAccount, readAccount } from './account.js';
import './styles.css';

connect();
connectWorktrees();
connectAccount();
void readAccount();
void init();
connectTerminals();
// xterm.js also puts <style> elements in <head> (see cspStyles.ts).
mirrorBlockedStyles(document.head);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
