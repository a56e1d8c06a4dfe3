import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, mimeTypeFor, resolveAppRequest, SECURITY_HEADERS } from './app-protocol-policy';

const root = path.resolve('/srv/omnio/dist/renderer');

describe('resolveAppRequest', () => {
  it('serves index.html for the root and files by their path', () => {
    expect(resolveAppRequest('app://omnio/', 'GET', root)).toEqual({
      kind: 'file',
      filePath: path.join(root, 'index.html'),
      mimeType: 'text/html; charset=utf-8',
    });
    expect(resolveAppRequest('app://omnio/assets/index-abc.js?v=2#x', 'GET', root)).toEqual({
      kind: 'file',
      filePath: path.join(root, 'assets', 'index-abc.js'),
      mimeType: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppRequest('app://omnio/assets/a%20b.css', 'HEAD', root)).toMatchObject({
      filePath: path.join(root, 'assets', 'a b.css'),
    });
  });

  it('falls back to index.html for extensionless client routes', () => {
    expect(resolveAppRequest('app://omnio/sources/accounts', 'GET', root)).toMatchObject({
      filePath: path.join(root, 'index.html'),
    });
  });

  it('refuses every way out of the renderer directory', () => {
    for (const url of [
      'app://omnio/%2e%2e/main/main.js',
      'app://omnio/assets/%2E%2E/%2E%2E/%2E%2E/etc/passwd',
      'app://omnio/..%2f..%2fpackage.json',
      'app://omnio/..%5c..%5cpackage.json',
      'app://omnio/%2fetc%2fpasswd/..',
    ]) {
      const decision = resolveAppRequest(url, 'GET', root);
      if (decision.kind === 'file') {
        // On POSIX a backslash is a file-name character, not a separator: still inside.
        expect(path.relative(root, decision.filePath).startsWith('..'), url).toBe(false);
      } else {
        expect(decision.status, url).toBe(403);
      }
    }
    // The URL parser already folds plain `..` segments, so they cannot escape either.
    expect(resolveAppRequest('app://omnio/../../etc/passwd.txt', 'GET', root)).toMatchObject({
      filePath: path.join(root, 'etc', 'passwd.txt'),
    });
  });

  it('refuses other hosts, methods, NUL bytes and broken encoding', () => {
    expect(resolveAppRequest('app://evil/index.html', 'GET', root)).toMatchObject({ kind: 'reject', status: 403 });
    expect(resolveAppRequest('app://omnio/index.html', 'POST', root)).toMatchObject({ kind: 'reject', status: 405 });
    expect(resolveAppRequest('app://omnio/index%00.html', 'GET', root)).toMatchObject({ kind: 'reject', status: 400 });
    expect(resolveAppRequest('app://omnio/%E0%A4%A', 'GET', root)).toMatchObject({ kind: 'reject', status: 400 });
    expect(resolveAppRequest('::', 'GET', root)).toMatchObject({ kind: 'reject', status: 400 });
  });
});

describe('mimeTypeFor', () => {
  it('knows the renderer build’s file types and falls back to octet-stream', () => {
    expect(mimeTypeFor('a.CSS')).toBe('text/css; charset=utf-8');
    expect(mimeTypeFor('a.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('a.svg')).toBe('image/svg+xml');
    expect(mimeTypeFor('a.unknown')).toBe('application/octet-stream');
  });
});

describe('CSP', () => {
  it('is the strict policy the security docs promise', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(SECURITY_HEADERS['X-Content-Type-Options']).toBe('nosniff');
  });
});
