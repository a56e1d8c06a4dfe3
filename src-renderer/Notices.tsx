import { useApp } from './store/app-store';
import { NoticeItem } from './notices/NoticeItem';

/** Notices about no provider in particular; a provider's own appear in its section (issue 15). */
export function Notices() {
  const notices = useApp((s) => s.notices);
  const general = notices.filter((n) => !n.providerId);
  if (general.length === 0) return null;
  return (
    <section className="notices" aria-label="Messages" aria-live="polite">
      {general.map((n) => (
        <NoticeItem key={n.id} notice={n} />
      ))}
    </section>
  );
}
