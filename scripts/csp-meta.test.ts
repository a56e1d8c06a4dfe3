import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../src-main/electron/app-protocol-policy';
import { metaCspPolicies } from '../src-main/host/meta-csp';
import { contentSecurityPolicy } from '../src-main/host/origin-policy';
import { serveStatic } from '../src-main/host/static-files';

// Issue 13, item 8: the CSP is also a <meta http-equiv> in index.html, the
// same policy as the app:// response header, so Electronegativity (and any
// reader of the page) sees it. The browser host serves the page with its own
// policy in both places.

const rendererDir = path.resolve(import.meta.dirname, '../src-renderer');

describe('the CSP meta tag', () => {
  it('index.html carries exactly the app:// header policy, once', () => {
    const html = fs.readFileSync(path.join(rendererDir, 'index.html'), 'utf8');
    expect(metaCspPolicies(html)).toEqual([CONTENT_SECURITY_POLICY]);
  });

  it('the browser host serves the page with its own policy in the meta tag, equal to its header', async () => {
    let port = 0;
    const server = http.createServer((req, res) => {
      void serveStatic(rendererDir, new URL(req.url ?? '/', 'http://127.0.0.1').pathname, res, {
        'content-security-policy': contentSecurityPolicy(port),
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`);
      const header = res.headers.get('content-security-policy');
      expect(header).toBe(contentSecurityPolicy(port));
      expect(metaCspPolicies(await res.text())).toEqual([header]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
