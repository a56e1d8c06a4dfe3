// An export process for export.test.ts: streams a large CSV export slowly
// enough to be killed with SIGKILL in the middle (test-only).
import { exportData } from '../export-data';
import { PartialFiles } from '../partial-files';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
};
let said = false;
await exportData({
  dbFile: env('EXPORT_DB'),
  target: env('EXPORT_TARGET'),
  format: 'csv',
  selection: {},
  partials: new PartialFiles(env('EXPORT_DATA_DIR')),
  onProgress: (p) => {
    if (!said && p.done > p.total / 10) {
      said = true;
      process.stdout.write('progress\n');
      // Give the parent time to kill while the file is half written.
      const until = Date.now() + 5_000;
      while (Date.now() < until) {
        /* busy: the export cannot finish before the kill */
      }
    }
  },
});
process.stdout.write('finished\n');
