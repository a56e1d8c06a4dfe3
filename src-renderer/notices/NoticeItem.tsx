import { useEffect, useRef, useState, type ReactNode } from 'react';
import { PROVIDERS } from '../../src-shared/providers';
import { Icon } from '../accounts/Icon';
import { api } from '../bridge';
import { useApp, type NoticeEntry } from '../store/app-store';
import { NoticeActionButton } from './NoticeActionButton';

// Issue 15: one notice, where it belongs: an icon, a coloured side bar, our
// words, links instead of bare URLs, and the action that fixes it. Info
// notices fade after about 8 s — not while the pointer or focus is on them.
// role="alert" only for failures; everything else is a polite status.

const FADE_AFTER_MS = 8_000;
const URL_PATTERN = /(https:\/\/[^\s)]+?)([.,;:]?(?:\s|$|\)))/g;

/** The message with every https URL turned into a link that opens in the system browser. */
function withLinks(message: string, providerName: string | null): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of message.matchAll(URL_PATTERN)) {
    const url = m[1]!;
    out.push(message.slice(last, m.index));
    out.push(
      <a
        key={m.index}
        href={url}
        onClick={(e) => {
          e.preventDefault();
          void api.openHelpLink({ url });
        }}
      >
        {providerName ? `open ${providerName}’s settings` : 'open the page'}
      </a>,
    );
    last = m.index + url.length;
  }
  out.push(message.slice(last));
  return out;
}

export function NoticeItem({ notice }: { notice: NoticeEntry }) {
  const dismiss = useApp((s) => s.dismissNotice);
  const [held, setHeld] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const provider = notice.providerId ? PROVIDERS[notice.providerId] : null;
  const fades = notice.level === 'info';

  useEffect(() => {
    if (!fades || held) return;
    const t = setTimeout(() => dismiss(notice.id), FADE_AFTER_MS);
    return () => clearTimeout(t);
  }, [fades, held, dismiss, notice.id]);

  const icon = notice.level === 'info' ? 'info' : 'warning';
  return (
    <div
      ref={ref}
      className={`notice notice-${notice.level}${fades && !held ? ' notice-fading' : ''}`}
      role={notice.level === 'error' ? 'alert' : 'status'}
      onPointerEnter={() => setHeld(true)}
      onPointerLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={(e) => !ref.current?.contains(e.relatedTarget as Node | null) && setHeld(false)}
    >
      <Icon name={icon} className="notice-icon" />
      <span className="notice-text">{withLinks(notice.message, provider?.name ?? null)}</span>
      <span className="notice-actions">
        {notice.action && notice.providerId && (
          <NoticeActionButton
            action={notice.action}
            providerId={notice.providerId}
            accountId={notice.accountId}
            onDone={() => dismiss(notice.id)}
          />
        )}
        <button type="button" className="icon-button" onClick={() => dismiss(notice.id)} aria-label="Dismiss message">
          <Icon name="close" />
        </button>
      </span>
    </div>
  );
}
