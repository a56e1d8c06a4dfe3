import type { ProviderId } from '../../src-shared/providers';
import { useApp } from '../store/app-store';
import { NoticeItem } from './NoticeItem';

/** Issue 15: the notices about one provider, inside its section rather than at the top of the page. */
export function ProviderNotices({ providerId }: { providerId: ProviderId }) {
  const notices = useApp((s) => s.notices);
  const mine = notices.filter((n) => n.providerId === providerId);
  if (mine.length === 0) return null;
  return (
    <div className="notices" aria-live="polite">
      {mine.map((n) => (
        <NoticeItem key={n.id} notice={n} />
      ))}
    </div>
  );
}
