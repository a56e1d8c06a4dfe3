import type { Updater, UpdaterEvent } from './updater';

// A stand-in for electron-updater in tests (electron-updater needs Electron's
// runtime, which cannot run here). It imitates its behaviour through the
// Updater seam: a check emits `checking`, then `available` or `not-available`
// (or `error` and rejects, as checkForUpdates does); a download emits progress,
// then `downloaded` (or `error` and rejects, as a sha512 mismatch does).

export interface FakeRelease {
  version: string;
  releaseNotes: string | null;
}

export class FakeUpdater implements Updater {
  /** What the feed offers; null: nothing newer. */
  release: FakeRelease | null = null;
  failCheck: string | null = null;
  failDownload: string | null = null;
  /** Progress percentages a download reports. */
  progressSteps = [10, 55, 100];
  /** When set, a download waits here after its first progress event. */
  downloadGate: Promise<void> | null = null;
  checks = 0;
  downloads = 0;
  installs = 0;
  private readonly listeners: ((e: UpdaterEvent) => void)[] = [];

  onEvent(listener: (e: UpdaterEvent) => void): void {
    this.listeners.push(listener);
  }

  private emit(event: UpdaterEvent) {
    for (const l of this.listeners) l(event);
  }

  async check(): Promise<void> {
    this.checks++;
    this.emit({ type: 'checking' });
    await new Promise((r) => setImmediate(r));
    if (this.failCheck) {
      this.emit({ type: 'error', message: this.failCheck });
      throw new Error(this.failCheck);
    }
    if (this.release) this.emit({ type: 'available', ...this.release });
    else this.emit({ type: 'not-available' });
  }

  async download(): Promise<void> {
    this.downloads++;
    const release = this.release;
    if (!release) throw new Error('Please check update first');
    for (const [i, percent] of this.progressSteps.entries()) {
      this.emit({ type: 'progress', percent });
      if (i === 0 && this.downloadGate) await this.downloadGate;
      await new Promise((r) => setImmediate(r));
    }
    if (this.failDownload) {
      this.emit({ type: 'error', message: this.failDownload });
      throw new Error(this.failDownload);
    }
    this.emit({ type: 'downloaded', ...release });
  }

  quitAndInstall(): void {
    this.installs++;
  }
}
