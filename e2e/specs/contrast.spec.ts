import type { Locator, Page } from '@playwright/test';
import { colorsOf, contrast, flatten, parseColor, tabTo, type Rgba } from '../fixtures/a11y';
import { expect, providerCard, test } from '../fixtures/omnio';

// Issue 15 / WCAG 1.4.11: the focus ring and the form controls' borders reach
// 3:1 against what is next to them, in both themes — computed from the
// styles the browser actually applied, not from the stylesheet's intent.

const CANVAS: Record<'light' | 'dark', Rgba> = { light: [255, 255, 255, 1], dark: [18, 18, 18, 1] };

async function ringContrast(target: Locator, scheme: 'light' | 'dark') {
  const c = await colorsOf(target);
  expect(c.outlineStyle).not.toBe('none');
  expect(parseFloat(c.outlineWidth)).toBeGreaterThanOrEqual(2);
  // The ring sits outside the element (2 px gap): against what is behind the element.
  return contrast(parseColor(c.outline), flatten(c.behind, CANVAS[scheme]));
}

async function borderContrast(target: Locator, scheme: 'light' | 'dark') {
  const c = await colorsOf(target);
  const behind = flatten(c.behind, CANVAS[scheme]);
  const inside = flatten([c.own], behind);
  const border = parseColor(c.border);
  // A border tells the field apart from both its own fill and the surface around it.
  return Math.min(contrast(border, inside), contrast(border, behind));
}

async function openSettings(page: Page) {
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByText('Developer: provider apps').click();
}

for (const scheme of ['light', 'dark'] as const) {
  test(`${scheme}: the focus ring and the input borders reach 3:1`, async ({ omnio }) => {
    const { page } = omnio;
    await page.emulateMedia({ colorScheme: scheme });
    const figures: Record<string, number> = {};

    // A button in a row, focused from the keyboard.
    const connect = providerCard(page, 'Oura').getByRole('button', { name: 'Connect Oura' });
    await tabTo(page, connect);
    figures['focus ring on a row button'] = await ringContrast(connect, scheme);

    // A primary (filled) button: the ring sits in the gap outside the fill.
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Connect Oura' });
    const next = dialog.getByRole('button', { name: 'Continue to Oura' });
    await tabTo(page, next);
    figures['focus ring on a primary button in a dialog'] = await ringContrast(next, scheme);
    await page.keyboard.press('Escape');

    // Inputs in a dialog (Garmin) and on the page (Settings), and a select.
    await providerCard(page, 'Garmin').getByRole('button', { name: 'Connect Garmin' }).click();
    const email = page.getByRole('dialog').getByLabel('Email');
    figures['input border in a dialog'] = await borderContrast(email, scheme);
    await tabTo(page, email);
    figures['focus ring on an input in a dialog'] = await ringContrast(email, scheme);
    await page.keyboard.press('Escape');

    await openSettings(page);
    const select = page.getByLabel('Sync', { exact: true });
    figures['select border on the page'] = await borderContrast(select, scheme);
    const clientId = page.getByLabel('Oura client id');
    figures['input border on the page'] = await borderContrast(clientId, scheme);
    await tabTo(page, clientId);
    figures['focus ring on an input on the page'] = await ringContrast(clientId, scheme);

    console.log(`[contrast ${scheme}]`, JSON.stringify(figures, (_, v: unknown) => (typeof v === 'number' ? +v.toFixed(2) : v)));
    for (const [what, ratio] of Object.entries(figures)) expect(ratio, what).toBeGreaterThanOrEqual(3);
  });
}
