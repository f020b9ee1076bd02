import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { connect, init } from './store.js';
import { connectAccount, readAccount } from './account.js';
import './styles.css';

connect();
connectAccount();
void readAccount();
void init();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
