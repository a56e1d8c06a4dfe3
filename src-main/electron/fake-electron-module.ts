import { fake } from './fake-electron';

// `electron` as the built main.js sees it in main-bundle.test.ts: the stand-in,
// with the named exports and the default export the bundle imports.
export const {
  app,
  BrowserWindow,
  ipcMain,
  protocol,
  session,
  nativeTheme,
  shell,
  net,
  powerMonitor,
  safeStorage,
  dialog, // issue 12
} = fake;
export default fake;
