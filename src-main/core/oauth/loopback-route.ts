// Issue 11: the answer a loopback redirect route gives the provider's browser
// tab, whoever serves it (the browser host on its own port, or the short-lived
// listener of an Electron run that cannot receive our scheme). The tab shows
// our own words only: never the URL's values, never a provider's developer text.

export interface LoopbackRequest {
  method: string | undefined;
  /** The request's Host header. */
  host: string | undefined;
  /** The request target: path and query. */
  url: string | undefined;
}

export interface LoopbackAnswer {
  status: 200 | 400 | 404;
  /** Null for the plain answers (not ours, malformed): text/plain, no page. */
  heading: string | null;
  message: string;
}

export const NOT_FOUND: LoopbackAnswer = { status: 404, heading: null, message: 'Not found' };
export const BAD_REQUEST: LoopbackAnswer = { status: 400, heading: null, message: 'Bad request' };
/** A well-formed redirect that no pending flow waits for (expired, cancelled, already used, or not ours). */
export const NOT_WAITING: LoopbackAnswer = {
  status: 404,
  heading: null,
  message:
    'Omnio is not waiting for this answer: the request expired, was cancelled or was already used. Start again from Omnio.',
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Status, headers and body to send. Nothing in it comes from the request. */
export function renderLoopbackAnswer(answer: LoopbackAnswer): {
  status: number;
  headers: Record<string, string>;
  body: string;
} {
  const common = {
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  };
  if (answer.heading === null) {
    return {
      status: answer.status,
      headers: { ...common, 'content-type': 'text/plain; charset=utf-8' },
      body: answer.message,
    };
  }
  const body =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Omnio</title>' +
    '<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;line-height:1.5}</style>' +
    `</head><body><main><h1>${escapeHtml(answer.heading)}</h1><p>${escapeHtml(answer.message)}</p></main></body></html>`;
  return { status: answer.status, headers: { ...common, 'content-type': 'text/html; charset=utf-8' }, body };
}
