import { randomBytes } from 'node:crypto';
import type { SimClient, SimUser } from './sim-oauth-authority';

// Demo identities for demo mode and manual runs; tests add their own.

export function demoUser(provider: 'oura' | 'whoop' | 'withings', overrides: Partial<SimUser> = {}): SimUser {
  const ids = { oura: '8f3c2a9e-oura-demo-user', whoop: '10129', withings: '363' };
  return {
    id: ids[provider],
    username: `demo@${provider}.test`,
    password: 'demo-password',
    email: `demo@${provider}.test`,
    firstName: 'Demo',
    lastName: 'User',
    ...overrides,
  };
}

/** A client registration with a fresh random secret (so leak scans have a real secret to look for). */
export function simClient(provider: string, redirectUris: string[], clientId = `omnio-sim-${provider}`): SimClient {
  return { clientId, clientSecret: `${provider}-secret-${randomBytes(18).toString('base64url')}`, redirectUris };
}
