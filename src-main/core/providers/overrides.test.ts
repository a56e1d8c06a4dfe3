import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { memoryLogger } from '../log/logger';
import { confSettings } from '../settings/conf-settings';
import { EnvelopeVault } from '../vault/envelope-vault';
import { standInKeyStore } from '../vault/stand-in-key-store';
import { CLIENT_SECRET_FIELD, clientOwner, resolveClient } from './client-credentials';
import {
  loadProviderOverrides,
  parseProviderOverrides,
  resolveGarminDefinition,
  resolveOAuthDefinition,
} from './overrides';

let dir: string;
let db: Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-overrides-'));
  db = openDatabase(path.join(dir, 'omnio.sqlite'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('OMNIO_PROVIDERS overrides', () => {
  it('applies endpoint overrides and keeps the rest of the definition', () => {
    const o = parseProviderOverrides({
      oura: { tokenUrl: 'http://127.0.0.1:4000/oauth/token', clientId: 'cid', clientSecret: 'sec-123456' },
      garmin: { loginUrl: 'https://sso.example.test/login' },
    });
    const oura = resolveOAuthDefinition('oura', o);
    expect(oura.endpoints.tokenUrl).toBe('http://127.0.0.1:4000/oauth/token');
    expect(oura.endpoints.authorizationUrl).toBe('https://cloud.ouraring.com/oauth/authorize');
    expect(oura.scopes.length).toBeGreaterThan(0);
    expect(resolveOAuthDefinition('whoop', o).endpoints.tokenUrl).toBe('https://api.prod.whoop.com/oauth/oauth2/token');
    expect(resolveGarminDefinition(o).endpoints.loginUrl).toBe('https://sso.example.test/login');
  });

  it('accepts plain http only for 127.0.0.1', () => {
    for (const host of ['localhost', '127.0.0.2', 'example.com', '[::1]', '0.0.0.0']) {
      expect(() => parseProviderOverrides({ whoop: { tokenUrl: `http://${host}:80/t` } })).toThrow(
        /whoop\.tokenUrl: must be an https URL, or plain http only to 127\.0\.0\.1/,
      );
    }
    expect(() => parseProviderOverrides({ whoop: { tokenUrl: 'ftp://127.0.0.1/t' } })).toThrow(/whoop\.tokenUrl/);
    expect(() => parseProviderOverrides({ whoop: { tokenUrl: 'not a url' } })).toThrow(/whoop\.tokenUrl/);
  });

  it('rejects unknown providers and unknown keys by name', () => {
    expect(() => parseProviderOverrides({ fitbit: {} })).toThrow(/unknown key "fitbit"/);
    expect(() => parseProviderOverrides({ oura: { tokenURL: 'https://x.test' } })).toThrow(
      /oura: unknown key "tokenURL"/,
    );
  });

  it('validates redirect URIs: our scheme, https, or 127.0.0.1 loopback', () => {
    expect(parseProviderOverrides({ oura: { redirectUri: 'com.omnio.app:/oauth/oura' } }).oura?.redirectUri).toBe(
      'com.omnio.app:/oauth/oura',
    );
    expect(() => parseProviderOverrides({ oura: { redirectUri: 'evil.app:/oauth/oura' } })).toThrow(
      /oura\.redirectUri/,
    );
  });

  it('reads the file named by OMNIO_PROVIDERS, with clear errors', () => {
    expect(loadProviderOverrides({})).toEqual({});
    const file = path.join(dir, 'providers.json');
    fs.writeFileSync(file, JSON.stringify({ withings: { apiBaseUrl: 'http://127.0.0.1:9/' } }));
    expect(loadProviderOverrides({ OMNIO_PROVIDERS: file }).withings?.apiBaseUrl).toBe('http://127.0.0.1:9/');
    fs.writeFileSync(file, '{ nope');
    expect(() => loadProviderOverrides({ OMNIO_PROVIDERS: file })).toThrow(/is not valid JSON/);
    expect(() => loadProviderOverrides({ OMNIO_PROVIDERS: path.join(dir, 'missing.json') })).toThrow(
      /cannot be read \(ENOENT\)/,
    );
  });

  it('never quotes the file in a JSON error: the text around the mistake may be a client secret', () => {
    const file = path.join(dir, 'providers.json');
    fs.writeFileSync(file, '{"oura": {"clientSecret": oura-secret-do-not-leak}}');
    let message = '';
    try {
      loadProviderOverrides({ OMNIO_PROVIDERS: file });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/is not valid JSON/);
    expect(message).not.toContain('oura-secr');
  });
});

describe('client credentials precedence', () => {
  it('override > user Settings > build time', async () => {
    const vault = await EnvelopeVault.open({
      db,
      keyStore: standInKeyStore(path.join(dir, 'k.json')),
      mode: 'persistent',
      log: memoryLogger(),
    });
    const settings = confSettings(dir);
    const env = { OMNIO_OURA_CLIENT_ID: 'build-id', OMNIO_OURA_CLIENT_SECRET: 'build-secret' };
    const src = { overrides: {}, settings, vault, env };
    expect(await resolveClient('oura', src)).toMatchObject({
      clientId: 'build-id',
      clientSecret: 'build-secret',
      source: 'build',
    });
    expect(await resolveClient('whoop', src)).toBeNull();

    settings.set('clientIds', { oura: 'user-id' });
    await vault.put(clientOwner('oura'), CLIENT_SECRET_FIELD, 'user-secret');
    expect(await resolveClient('oura', src)).toMatchObject({
      clientId: 'user-id',
      clientSecret: 'user-secret',
      source: 'user',
    });

    const overrides = parseProviderOverrides({
      oura: { clientId: 'qa-id', clientSecret: 'qa-secret', redirectUri: 'com.omnio.app:/oauth/oura' },
    });
    expect(await resolveClient('oura', { ...src, overrides })).toEqual({
      clientId: 'qa-id',
      clientSecret: 'qa-secret',
      source: 'override',
      fixedRedirectUri: 'com.omnio.app:/oauth/oura',
    });
    // The user's secret is stored sealed, never as plaintext in settings.json.
    expect(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8')).not.toContain('user-secret');
  });
});
