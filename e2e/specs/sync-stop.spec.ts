import { approveInPopup } from '../fixtures/consent';
import { expect, providerCard, test } from '../fixtures/simulators';

// Issue 15: the backfill's progress on the card, and Stop — as a person uses
// them: ten years of history asked for, so the import is long enough to watch.

test('the card shows what the backfill imports with a progress bar; Stop ends it and the next run is planned', async ({
  omnio,
  sims,
}) => {
  const { page } = omnio;
  // A provider that answers each heart-rate page after 200 ms: on a fast machine ten years otherwise import
  // in seconds, and CI once pressed Stop after the import had ended.
  sims.oura.server.inject({
    pathPrefix: '/v2/usercollection/heartrate',
    fault: { kind: 'delay', ms: 200 },
    times: Infinity,
  });
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByLabel('History to import when connecting').selectOption({ label: 'Everything (up to 10 years)' });
  await expect(page.getByRole('status').filter({ hasText: 'Saved' }).first()).toBeVisible();
  await page.getByRole('link', { name: 'Sources', exact: true }).click();

  await providerCard(page, 'Oura').getByRole('button', { name: 'Connect Oura' }).click();
  const opened = page.context().waitForEvent('page');
  await page.getByRole('dialog', { name: 'Connect Oura' }).getByRole('button', { name: 'Continue to Oura' }).click();
  await omnio.deliverDeepLink(await approveInPopup(await opened));

  const card = providerCard(page, 'Oura');
  await expect(card).toHaveAttribute('data-status', 'syncing', { timeout: 30_000 });
  await expect(card.getByRole('progressbar', { name: 'Oura sync progress' })).toBeVisible();
  await expect(card).toContainText(/Importing history: .+ back to|Syncing/);
  // Sync now is there but cannot be pressed while a sync runs; it keeps its name.
  await expect(card.getByRole('button', { name: /^Sync now/ })).toHaveAttribute('aria-disabled', 'true');

  const stop = card.getByRole('button', { name: 'Stop syncing Oura' });
  // What the import says changes with every page it stores, and the buttons stay where they are
  // meanwhile: a person aims at Stop or Sync now while the words change (they once jumped a few
  // times a second, and a click at the wrong moment landed on nothing).
  const syncNowButton = card.getByRole('button', { name: /^Sync now/ });
  // Measured from the row's corner: a notice above the list may come and go, moving the row as a whole.
  const place = async () => {
    const row = (await card.boundingBox())!;
    const at = (b: { x: number; y: number; width: number; height: number } | null) =>
      b && [b.x - row.x, b.y - row.y, b.width, b.height].map((v) => Math.round(v));
    return JSON.stringify([at(await stop.boundingBox()), at(await syncNowButton.boundingBox())]);
  };
  const seen = { words: new Set<string>(), places: new Set<string>() };
  await expect
    .poll(
      async () => {
        seen.places.add(await place());
        seen.words.add((await card.getByText(/^Importing history: /).textContent()) ?? '');
        return seen.words.size;
      },
      { timeout: 30_000, intervals: [50] },
    )
    .toBeGreaterThanOrEqual(3);
  expect([...seen.places]).toHaveLength(1);

  await stop.click();
  // The press is taken at once: until the job has ended the button stays where it was (focus is not
  // lost) and says it is stopping. A job between two pages ends before a look can catch that state,
  // so either is right here.
  // Each look is short: a look that waited for 'Stopping…' would wait forever once the job had ended.
  const stopping = card.getByRole('button', { name: 'Stopping…' });
  await expect
    .poll(async () =>
      (await card.getAttribute('data-status')) === 'connected'
        ? 'ended'
        : await stopping.getAttribute('aria-disabled', { timeout: 250 }).catch(() => 'not yet'),
    )
    .toMatch(/^(true|ended)$/);
  // The job ends when the sync thread has finished the write in hand (it answers the cancel between
  // writes): on a loaded machine that can take longer than the default 15 s.
  await expect(card).toHaveAttribute('data-status', 'connected', { timeout: 60_000 });
  await expect(card).toContainText(/· next /);
  // Nothing more is fetched after the stop.
  const after = sims.oura.server.requests.length;
  await page.waitForTimeout(1_000);
  expect(sims.oura.server.requests.length).toBe(after);
  await expect(card.getByRole('button', { name: /^Sync now/ })).not.toHaveAttribute('aria-disabled', 'true');
  // Stop went away with the job: focus went to the row's heading, not to the page.
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H4');
});
