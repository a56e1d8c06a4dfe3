import type { Migration } from '../migration';

// Each series keeps the exact number of its samples, maintained by the store
// as it writes each page (a range count before and after the page, in the
// same transaction). Counting a category used to be `count(*)` over its
// samples at the end of every sync: for five years of heart rate that read
// half a million rows, once per job, after the last write.
export const seriesSampleCounts: Migration = {
  version: 7,
  name: 'series-sample-counts',
  up(db) {
    db.exec(`
      ALTER TABLE series ADD COLUMN sample_count INTEGER NOT NULL DEFAULT 0;
      UPDATE series SET sample_count = (SELECT count(*) FROM series_samples s WHERE s.series_id = series.id);
    `);
  },
};
