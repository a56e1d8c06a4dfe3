import type { CoreContext } from '../app/core-context';
import { OmnioError } from '../errors';
import type { Handlers } from '../ipc/dispatch';
import { dataPaths } from '../paths';
import { exportData } from './export-data';
import { FILE_EXTENSION, MIME } from './formats';
import { PartialFiles } from './partial-files';

export type ExportHandlers = Pick<Handlers, 'exportData' | 'cancelExport'>;

/**
 * Issue 12: `exportData` asks where to save (the platform's FileSaver: the
 * renderer never names a path), streams the records there atomically and
 * sends `exportProgress`; `cancelExport` stops it and no file is left.
 */
/**
 * QA only (docs/qa.md): in the browser host, OMNIO_QA_EXPORT_PAUSE_MS pauses the export after each chunk, so
 * an end-to-end spec can press Cancel while it streams however fast the machine is. Never in Electron.
 */
function pauseMs(ctx: Pick<CoreContext, 'platform' | 'env'>): number {
  const asked = Number(ctx.env.OMNIO_QA_EXPORT_PAUSE_MS);
  return ctx.platform.runtime === 'browser-host' && Number.isInteger(asked) && asked > 0 && asked <= 1000 ? asked : 0;
}

export function createExportService(
  ctx: Pick<CoreContext, 'dataDir' | 'accounts' | 'platform' | 'now' | 'log' | 'env'>,
): {
  handlers: ExportHandlers;
  close(): void;
} {
  const log = ctx.log.child('export');
  const partials = new PartialFiles(ctx.dataDir);
  // What an export killed with the process left next to its target.
  const swept = partials.sweep();
  if (swept > 0) log.info('removed files of exports that were cut off', { files: swept });
  const running = new Map<string, AbortController>();
  const pause = pauseMs(ctx);

  const handlers: ExportHandlers = {
    exportData: async ({ exportId, format, accountId, category }) => {
      if (running.has(exportId)) throw new OmnioError('CONFLICT', 'This export is already running.');
      const account = accountId ? ctx.accounts.get(accountId) : null;
      if (accountId && !account) throw new OmnioError('NOT_FOUND', 'This account does not exist.');
      const saver = ctx.platform.fileSaver;
      if (!saver) throw new OmnioError('INVALID_ARGUMENT', 'This version of Omnio cannot save files.');
      const controller = new AbortController();
      running.set(exportId, controller);
      try {
        const day = ctx.now().toISOString().slice(0, 10);
        const what = [account?.providerId ?? 'all', category ?? 'data'].join('-');
        const target = await saver.choose({
          suggestedName: `omnio-${what}-${day}.${FILE_EXTENSION[format]}`,
          mime: MIME[format],
        });
        if (!target) return { kind: 'cancelled' };
        let records: number;
        try {
          records = await exportData({
            dbFile: dataPaths(ctx.dataDir).database,
            target: target.path,
            format,
            selection: { ...(accountId ? { accountId } : {}), ...(category ? { category } : {}) },
            signal: controller.signal,
            partials,
            onProgress: (p) => ctx.platform.emit('exportProgress', { exportId, ...p }),
            ...(pause ? { pauseMs: pause } : {}),
          });
        } catch (err) {
          target.abandoned();
          if (controller.signal.aborted) return { kind: 'cancelled' };
          log.error('export failed', { format, error: err });
          throw new OmnioError('INTERNAL', 'Omnio could not write the export. No file was left behind.');
        }
        log.info('exported', { format, records });
        return { ...target.delivered(), records };
      } finally {
        running.delete(exportId);
      }
    },
    cancelExport: async ({ exportId }) => {
      const c = running.get(exportId);
      c?.abort();
      return { cancelled: !!c };
    },
  };
  return {
    handlers,
    close: () => {
      for (const c of running.values()) c.abort();
    },
  };
}
