import fs from 'node:fs';
import path from 'node:path';

/**
 * Temporary export files under way, listed in the data directory. A killed
 * process cannot delete its temporary file (it sits next to the target, where
 * the rename must happen); the next start does, from this list. A finished or
 * failed export takes itself off the list.
 */
export class PartialFiles {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'partial-exports.json');
  }

  private read(): string[] {
    try {
      const list = JSON.parse(fs.readFileSync(this.file, 'utf8')) as unknown;
      return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
    } catch {
      return [];
    }
  }

  private write(list: string[]): void {
    if (list.length === 0) fs.rmSync(this.file, { force: true });
    else fs.writeFileSync(this.file, JSON.stringify(list), { mode: 0o600 });
  }

  add(temp: string): void {
    this.write([...this.read(), temp]);
  }

  remove(temp: string): void {
    this.write(this.read().filter((p) => p !== temp));
  }

  /** Deletes what a killed export left behind (only files named as export temporaries). */
  sweep(): number {
    let n = 0;
    for (const p of this.read()) {
      if (!p.endsWith('.omnio-partial')) continue;
      if (fs.existsSync(p)) n++;
      fs.rmSync(p, { force: true });
    }
    this.write([]);
    return n;
  }
}
