import type { SavedFile } from '../../src-shared/saved-file';

/**
 * Issue 12: what the page does with an export's answer. Electron's main
 * process has already saved the file where the person chose; the browser host
 * hands over a one-time, same-origin URL, which the page downloads the way a
 * browser does (a link with `download`). Returns a line for the person.
 */
export function deliverFile(saved: SavedFile): string | null {
  if (saved.kind === 'cancelled') return null;
  if (saved.kind === 'saved') return `Saved ${saved.fileName}.`;
  const link = document.createElement('a');
  link.href = saved.url;
  link.download = saved.fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  return `Downloading ${saved.fileName}.`;
}
