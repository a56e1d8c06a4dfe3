import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles/app.css';
// Issue 15: the Sources rows, pills, side panel, notices, settings; and focus that is never lost.
import './styles/sources.css';
import './styles/settings.css';
import { installFocusRescue } from './focus/focus-rescue';

installFocusRescue();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
