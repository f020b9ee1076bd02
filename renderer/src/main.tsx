import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { connect, init } from './store.js';
import { connectWorktrees } from './worktrees.js';
import './styles.css';

connect();
connectWorktrees();
void init();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
