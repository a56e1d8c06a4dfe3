import type { BridgeResult } from '../../src-shared/errors';

// Issue 12: in the browser host a backup to restore reaches the host as an
// upload of the file the person picked (POST /upload/backup; the page's
// HttpOnly bridge cookie goes with it, as with downloads). The host answers a
// one-time id, which `restoreBackup` then names. In Electron the main process
// opens the file itself with its own dialog, so the page picks nothing.

/** True in the browser host, where the page's file input picks the backup; false in Electron. */
export const pagePicksFiles = !window.omnio;

export async function uploadBackup(file: File): Promise<BridgeResult<{ uploadId: string }>> {
  let res: Response;
  try {
    res = await fetch('/upload/backup', {
      method: 'POST',
      body: file,
      credentials: 'same-origin',
      headers: { 'content-type': 'application/octet-stream', 'x-omnio-file-name': encodeURIComponent(file.name) },
    });
  } catch {
    return {
      ok: false,
      error: { code: 'INTERNAL', message: 'The file could not be sent to Omnio. Nothing was changed.' },
    };
  }
  if (res.status === 413) {
    return {
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        message: 'This file is too large to be an Omnio backup. Nothing was changed.',
      },
    };
  }
  const body = (await res.json().catch(() => null)) as { uploadId?: unknown } | null;
  if (res.status !== 201 || typeof body?.uploadId !== 'string') {
    return {
      ok: false,
      error: { code: 'INTERNAL', message: 'Omnio could not receive the file. Nothing was changed.' },
    };
  }
  return { ok: true, value: { uploadId: body.uploadId } };
}
