import { dialog } from 'electron';

// The question an AppImage asks once, on its first run (issue 14; the logic is
// src-main/core/desktop/linux-scheme-registration.ts).

export async function askToAddSchemeEntry(): Promise<boolean> {
  const { response } = await dialog.showMessageBox({
    type: 'question',
    title: 'Omnio',
    message: 'Let your browser hand sign-in links back to Omnio?',
    detail:
      'When you connect an account, the provider sends you back to Omnio with a com.omnio.app: link. ' +
      'Omnio can add a small file to ~/.local/share/applications so your browser knows where that link goes. ' +
      'If you choose “Not now”, Omnio uses a link to 127.0.0.1 on this computer instead, and writes nothing.',
    buttons: ['Add it', 'Not now'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  });
  return response === 0;
}
