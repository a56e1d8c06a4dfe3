import type { AboutPanelOptionsOptions } from 'electron';

// The About panel (macOS: "About Omnio" in the app menu; Linux and Windows:
// app.showAboutPanel). Issue 14. The docs address is the distributor's, like
// the OAuth bounce page's (docs/release.md, "Before the first release").

export const DOCS_URL = 'https://omnio.app/docs';
export const LICENCE_NOTE =
  'All rights reserved. Open-source components: see LICENSES.chromium.html in the app folder.';

export function aboutPanelOptions(version: string): AboutPanelOptionsOptions {
  return {
    applicationName: 'Omnio',
    applicationVersion: version,
    // macOS shows `version` in brackets after applicationVersion: Omnio's, not Electron's.
    version,
    copyright: `Copyright © Omnio contributors. ${LICENCE_NOTE}`,
    credits: `Documentation: ${DOCS_URL}`,
    authors: ['Omnio contributors'],
    website: DOCS_URL,
  };
}
