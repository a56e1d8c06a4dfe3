import type { Handlers } from '../ipc/dispatch';
import type { CoreContext } from '../app/core-context';
import { dataPaths } from '../paths';
import { createQueryRunner, type QueryRunner } from './query-thread';

// The Data area's calls (issue 17): thin handlers over the data query thread.

export type DataHandlers = Pick<
  Handlers,
  'getDataOverview' | 'getSeries' | 'getDaily' | 'getDay' | 'getWorkouts' | 'getRecord'
>;

export function createDataService(ctx: CoreContext, workerUrl?: URL): { handlers: DataHandlers; runner: QueryRunner } {
  const runner = createQueryRunner(dataPaths(ctx.dataDir).database, ctx.db, workerUrl);
  const handlers: DataHandlers = {
    getDataOverview: () => runner.run('overview'),
    getSeries: (q) => runner.run('series', q),
    getDaily: (q) => runner.run('daily', q),
    getDay: ({ date, fallbackOffsetMin }) => runner.run('day', date, fallbackOffsetMin),
    getWorkouts: ({ from, to }) => runner.run('workouts', from, to),
    getRecord: ({ accountId, ref }) => runner.run('record', accountId, ref),
  };
  return { handlers, runner };
}
