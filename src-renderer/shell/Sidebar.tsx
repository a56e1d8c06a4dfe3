import { NavLink } from 'react-router';

import { PROVIDERS } from '../../src-shared/providers';
import { selectAccounts, useApp } from '../store/app-store';

// Data first, then Sources with one entry per account and its status as a
// dot (and in words, for screen readers and the tooltip), then Settings at
// the bottom. Below 960 px only the icons remain (shell.css).
export function Sidebar() {
  const accounts = useApp(selectAccounts);
  return (
    <nav className="sidebar" aria-label="Main">
      <p className="sidebar-brand">
        <span className="sidebar-icon" aria-hidden="true">
          ◎
        </span>
        <span className="sidebar-label">Omnio</span>
      </p>
      <ul className="sidebar-list">
        <li>
          <NavLink to="/data" className="sidebar-link" title="Data">
            <span className="sidebar-icon" aria-hidden="true">
              ▤
            </span>
            <span className="sidebar-label">Data</span>
          </NavLink>
        </li>
        <li>
          <NavLink to="/sources" end className="sidebar-link" title="Sources">
            <span className="sidebar-icon" aria-hidden="true">
              ⇄
            </span>
            <span className="sidebar-label">Sources</span>
          </NavLink>
          {accounts.length > 0 && (
            <ul className="sidebar-accounts" aria-label="Accounts">
              {accounts.map((a) => {
                const name = `${PROVIDERS[a.providerId].name}${a.label ? ` · ${a.label}` : ''}`;
                return (
                  <li key={a.id}>
                    <NavLink
                      to={`/sources/${a.id}`}
                      className="sidebar-link sidebar-account"
                      title={`${name}: ${a.status}`}
                    >
                      <span className={`status-dot dot-${a.status}`} aria-hidden="true" />
                      <span className="sidebar-label">{name}</span>
                      <span className="visually-hidden">, {a.status.replace('_', ' ')}</span>
                    </NavLink>
                  </li>
                );
              })}
            </ul>
          )}
        </li>
      </ul>
      <NavLink to="/settings" className="sidebar-link sidebar-bottom" title="Settings">
        <span className="sidebar-icon" aria-hidden="true">
          ⚙
        </span>
        <span className="sidebar-label">Settings</span>
      </NavLink>
    </nav>
  );
}
