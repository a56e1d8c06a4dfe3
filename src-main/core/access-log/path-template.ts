// An endpoint as the access log keeps it: the URL's path only, with the
// segments that can identify the person or a record replaced by a name.
// Query strings are dropped whole: Oura's revocation carries the access token
// there, and date ranges or paging tokens are not what the person needs to
// see. The host is not kept either (the row names the provider).

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER = /^\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The path template of `url`. `named` maps literal segments to their names
 * (a Garmin display name → `{displayName}`); dates, numbers and UUIDs become
 * `{date}` and `{id}` on their own.
 */
export function pathTemplate(url: string | URL, named: Readonly<Record<string, string>> = {}): string {
  let pathname: string;
  try {
    pathname = (typeof url === 'string' ? new URL(url) : url).pathname;
  } catch {
    return '(invalid URL)';
  }
  return pathname
    .split('/')
    .map((raw) => {
      if (raw === '') return raw;
      let seg: string;
      try {
        seg = decodeURIComponent(raw);
      } catch {
        seg = raw;
      }
      const name = named[seg];
      if (name) return `{${name}}`;
      if (DATE.test(seg)) return '{date}';
      if (NUMBER.test(seg) || UUID.test(seg)) return '{id}';
      return raw;
    })
    .join('/');
}
