import type { AccessLogFilter } from '../../../src-shared/access-log';
import type { SavedFile } from '../../../src-shared/saved-file';
import type { CoreContext } from '../app/core-context';
import { OmnioError } from '../errors';
import type { Handlers } from '../ipc/dispatch';
import { writeFileAtomically } from '../export/atomic-file';
import { accessLogCsvHeader, accessLogCsvRow } from './access-log-csv';
import type { AccessLogStore } from './access-log-store';

/** How often old entries are pruned while the app runs (and once at start). */
const PRUNE_EVERY_MS = 6 * 60 * 60 * 1000;
/** Entries the view shows at once (the newest); the CSV has every match. */
const VIEW_LIMIT = 500;

export type AccessLogHandlers = Pick<
  Handlers,
  'getAccessLog' | 'exportAccessLog' | 'getAccessLogRetention' | 'setAccessLogRetention'
>;

/** The access log's calls (issue 12) and its retention. */
export function createAccessLogService(
  ctx: Pick<CoreContext, 'accounts' | 'platform' | 'now' | 'log'>,
  store: AccessLogStore,
): { handlers: AccessLogHandlers; close(): void } {
  const log = ctx.log.child('access-log');
  const retention = () => ctx.platform.settings.get('accessLogRetentionDays');
  const prune = () => {
    try {
      const n = store.prune(retention(), ctx.now().getTime());
      if (n > 0) log.info('pruned old access-log entries', { entries: n, retentionDays: retention() });
    } catch (err) {
      log.warn('could not prune the access log', { error: err });
    }
  };
  prune();
  const timer = setInterval(prune, PRUNE_EVERY_MS);
  timer.unref();

  const known = (filter: AccessLogFilter) => {
    if (!ctx.accounts.get(filter.accountId))
      throw new OmnioError('NOT_FOUND', 'This account does not exist (it may have been disconnected).');
  };

  const handlers: AccessLogHandlers = {
    getAccessLog: async (filter) => {
      known(filter);
      return { entries: store.list(filter, VIEW_LIMIT), total: store.count(filter), retentionDays: retention() };
    },
    exportAccessLog: async (filter): Promise<SavedFile> => {
      known(filter);
      const saver = ctx.platform.fileSaver;
      if (!saver) throw new OmnioError('INVALID_ARGUMENT', 'This version of Omnio cannot save files.');
      const day = ctx.now().toISOString().slice(0, 10);
      const target = await saver.choose({ suggestedName: `omnio-access-log-${day}.csv`, mime: 'text/csv' });
      if (!target) return { kind: 'cancelled' };
      try {
        await writeFileAtomically(target.path, async (write) => {
          await write(accessLogCsvHeader());
          for (const page of store.pages(filter)) await write(page.map(accessLogCsvRow).join(''));
        });
      } catch (err) {
        target.abandoned();
        log.error('access-log export failed', { error: err });
        throw new OmnioError('INTERNAL', 'Omnio could not write the file. Nothing was saved.');
      }
      return target.delivered();
    },
    getAccessLogRetention: async () => ({ retentionDays: retention() }),
    setAccessLogRetention: async ({ days }) => {
      ctx.platform.settings.set('accessLogRetentionDays', days);
      prune();
      return { retentionDays: days };
    },
  };
  return { handlers, close: () => clearInterval(timer) };
}
