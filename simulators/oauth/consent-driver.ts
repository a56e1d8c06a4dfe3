// Plays the user's part on a simulator's authorization page over plain HTTP,
// as a browser would: GET the page, read the form, POST the login and the
// ticked scopes, and return the redirect `Location` (the URL the operating
// system would hand to Omnio). For tests and scripted demos.

export interface ConsentChoice {
  username?: string;
  password?: string;
  /** Scopes to untick on the consent form (a partial grant). */
  untick?: string[];
  deny?: boolean;
}

export interface ConsentOutcome {
  /** The redirect target, or null when the page answered without redirecting (an error page). */
  location: string | null;
  status: number;
  html: string;
}

const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1] ?? null;
const unescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

export async function consent(authorizationUrl: string, choice: ConsentChoice = {}): Promise<ConsentOutcome> {
  const pageRes = await fetch(authorizationUrl, { redirect: 'manual' });
  if (pageRes.status >= 300 && pageRes.status < 400) {
    return { location: pageRes.headers.get('location'), status: pageRes.status, html: '' };
  }
  const html = await pageRes.text();
  const formTag = /<form[^>]*>/.exec(html)?.[0];
  if (!formTag) return { location: null, status: pageRes.status, html };
  const action = new URL(unescape(attr(formTag, 'action') ?? ''), authorizationUrl);
  const body = new URLSearchParams();
  const inputs = html.match(/<input[^>]*>/g) ?? [];
  for (const tag of inputs) {
    const name = attr(tag, 'name');
    const value = unescape(attr(tag, 'value') ?? '');
    if (!name) continue;
    if (name === 'scope') {
      if (!choice.untick?.includes(value)) body.append('scope', value);
    } else if (name === 'username') body.set(name, choice.username ?? value);
    else if (name === 'password') body.set(name, choice.password ?? value);
    else body.set(name, value);
  }
  body.set('decision', choice.deny ? 'deny' : 'allow');
  const res = await fetch(action, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  return {
    location: res.headers.get('location'),
    status: res.status,
    html: res.status === 302 ? '' : await res.text(),
  };
}
