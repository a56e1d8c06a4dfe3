import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import type { AccountView, CategorySyncView } from '../../src-shared/accounts';
import { CATEGORY_LABELS } from '../../src-shared/providers';
import { formatCount } from './format';
import { Icon, type IconName } from './Icon';
import { exactTime, formatMonth, formatRelative } from './relative-time';
import { useNow } from './use-now';

// Issue 15: the per-category details in a side panel (about 420 px) instead of
// a table squeezed into the card: Data · Records · Back to · Last sync ·
// Status, where Status is an icon and a short word with the full error below.
// react-aria's Modal keeps focus inside, closes on Escape, and gives focus
// back to the ⋯ button that opened it.

function statusOf(c: CategorySyncView): { icon: IconName; word: string; tone: string } {
  if (c.running) return { icon: 'spinner', word: 'Syncing', tone: 'busy' };
  if (c.lastError) return { icon: 'warning', word: 'Failed', tone: 'attention' };
  if (c.lastSuccessAt) return { icon: 'check', word: 'Up to date', tone: 'ok' };
  return { icon: 'off', word: 'Waiting', tone: 'off' };
}

export function SyncDetailsPanel({
  account,
  title,
  isOpen,
  onOpenChange,
}: {
  account: AccountView;
  title: string;
  isOpen: boolean;
  onOpenChange(open: boolean): void;
}) {
  const now = useNow();
  const granted = account.categories.filter((c) => c.granted);
  return (
    <ModalOverlay className="panel-overlay" isDismissable isOpen={isOpen} onOpenChange={onOpenChange}>
      <Modal className="side-panel">
        <Dialog className="side-panel-dialog">
          <div className="side-panel-head">
            <Heading slot="title" className="side-panel-title">
              {title}
            </Heading>
            <Button slot="close" className="icon-button" aria-label="Close sync details">
              <Icon name="close" />
            </Button>
          </div>
          {granted.length === 0 ? (
            <p className="muted">Nothing is synced for this account yet.</p>
          ) : (
            <table className="details-table">
              <thead>
                <tr>
                  <th scope="col">Data</th>
                  <th scope="col">Records</th>
                  <th scope="col">Back to</th>
                  <th scope="col">Last sync</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {granted.map((c) => {
                  const s = statusOf(c);
                  return (
                    <tr key={c.category} data-category={c.category}>
                      <th scope="row">{CATEGORY_LABELS[c.category]}</th>
                      <td className="num">{formatCount(c.records, 'record')}</td>
                      <td>
                        {/* What was checked, not a claim that there is data all the way back. */}
                        {c.coveredFrom ? (
                          <time dateTime={c.coveredFrom} title={`Checked back to ${exactTime(c.coveredFrom)}`}>
                            {formatMonth(c.coveredFrom)}
                          </time>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>
                        {c.lastSuccessAt ? (
                          <time dateTime={c.lastSuccessAt} title={exactTime(c.lastSuccessAt)}>
                            {formatRelative(c.lastSuccessAt, now)}
                          </time>
                        ) : (
                          'never'
                        )}
                      </td>
                      <td>
                        <span className={`cell-status tone-${s.tone}`}>
                          <Icon name={s.icon} />
                          {s.word}
                        </span>
                        {c.lastError && <span className="cell-error">{c.lastError}</span>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          <p className="muted small-print">
            “Back to” is how far back Omnio has checked; days with nothing recorded are included.
          </p>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
