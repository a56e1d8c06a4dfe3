import { afterEach, describe, expect, it } from 'vitest';
import type { AccountsSnapshot } from '../../../src-shared/accounts';
import type { SyncProgress } from '../../../src-shared/ipc/payloads';
import { startHarness, type Harness } from './test-support/oauth-harness';

// Issue 16 through the real core: jobs in the sync worker thread, the Oura
// simulator on 127.0.0.1. The worker sends the job's `finished` event, then
// saves the request budgets, then says `done`; only then is the account's slot
// free. A Sync now answering `finished` lands in between. It used to be
// answered `{ started: false }` and dropped (the flaky "revoked in Oura's
// settings" test pressed exactly there); now it runs right after the job.

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('Sync now as the previous job lets go of its slot (issue 16)', () => {
  it('a press answering the job’s `finished` event is queued, reported as queued, and sends requests after the job', async () => {
    h = await startHarness();
    await h.core.handlers.updateSettings({ backfillDays: 7 }); // a short history: the jobs' end is what matters
    await h.connect('oura');
    const snapshot = (await h.core.handlers.listAccounts({})) as AccountsSnapshot;
    const accountId = snapshot.accounts[0]!.id;
    const sent = () => h.sims.oura.server.requests.length;
    const jobs: { startedAt: number; endedAt: number | null }[] = [];
    let answer: Promise<unknown> | null = null;
    let queuedJobEnded: () => void;
    const queuedJob = new Promise<void>((r) => (queuedJobEnded = r));

    // Pressed inside the event's delivery: the worker's `done` for this job has not been handled yet.
    const emit = h.platform.emit;
    h.platform.emit = (event, payload) => {
      emit(event, payload);
      const p = payload as SyncProgress;
      if (event !== 'syncProgress' || p.category !== null) return;
      if (p.phase === 'started') jobs.push({ startedAt: sent(), endedAt: null });
      if (p.phase === 'finished' || p.phase === 'failed') jobs.at(-1)!.endedAt = sent();
      if (p.phase === 'finished' && jobs.length === 1) answer = h.core.handlers.syncNow({ accountId });
      if (jobs.length === 2 && jobs[1]!.endedAt !== null) queuedJobEnded();
    };

    expect(await h.core.handlers.syncNow({ accountId })).toEqual({ started: true, queued: false });
    await queuedJob; // the job the press queued: without the fix it never comes (the next run is an interval away)
    expect(await answer).toEqual({ started: false, queued: true });
    const [first, second] = jobs as [(typeof jobs)[0], (typeof jobs)[0]];
    expect(second.startedAt).toBeGreaterThanOrEqual(first.endedAt!);
    // Counted at the simulator: the queued run asked Oura for data.
    const asked = h.sims.oura.server.requests
      .slice(second.startedAt, second.endedAt!)
      .filter((q) => q.path.startsWith('/v2/usercollection/'));
    expect(asked.length).toBeGreaterThan(0);
  });
});
