// The renderer's index.html carries the Electron app's CSP as a <meta
// http-equiv> too (issue 13). The browser host serves the same page under its
// own policy (its WebSocket bridge needs `connect-src ws://127.0.0.1:<port>`,
// which the app's `connect-src 'none'` forbids, and a page obeys both), so
// when it serves HTML it puts its header's policy into that meta tag.

const META_CSP = /<meta\s+http-equiv="Content-Security-Policy"\s+content="[^"]*"\s*\/?>/gi;

export function withMetaCsp(html: string, policy: string): string {
  const escaped = policy.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return html.replace(META_CSP, `<meta http-equiv="Content-Security-Policy" content="${escaped}" />`);
}

/** The policy of the page's meta CSP tag(s), in order. */
export function metaCspPolicies(html: string): string[] {
  return [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)].map((m) =>
    m[1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&'),
  );
}
