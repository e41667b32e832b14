import { mkdir, readdir, rm, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';

/** One journal in the captures folder. */
export interface CaptureFileInfo {
  path: string;
  name: string;
  size: number;
  modified: number;
}

/** The folder that holds journals: new names, listing, and the size cap. Never touches other files. */
export class CaptureDirectory {
  constructor(readonly dir: string) {}

  /** A fresh journal path, named for the time and the server, e.g. 2026-11-22T00-10-00-123Z-gws.example.ndjson. */
  async newJournalPath(serverName: string): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const safe = serverName.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'capture';
    return join(this.dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${safe}.ndjson`);
  }

  /** Journals, newest first. */
  async list(): Promise<CaptureFileInfo[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const infos = await Promise.all(
      names
        .filter((n) => n.endsWith('.ndjson'))
        .map(async (name) => {
          const path = join(this.dir, name);
          try {
            const s = await stat(path);
            return { path, name, size: s.size, modified: s.mtimeMs };
          } catch {
            return undefined;
          }
        }),
    );
    return infos.filter((i): i is CaptureFileInfo => i !== undefined).sort((a, b) => b.modified - a.modified);
  }

  /** Deletes the oldest journals (never those in `keep`) until the folder holds at most `maxBytes`. */
  async prune(maxBytes: number, keep: ReadonlySet<string>): Promise<string[]> {
    const all = await this.list();
    let total = all.reduce((sum, f) => sum + f.size, 0);
    const removed: string[] = [];
    for (const f of [...all].reverse()) {
      if (total <= maxBytes) break;
      if (keep.has(f.path)) continue;
      await rm(f.path, { force: true });
      total -= f.size;
      removed.push(f.path);
    }
    return removed;
  }

  /** Free bytes on the folder's file system, or undefined when the platform cannot tell. */
  async freeBytes(): Promise<number | undefined> {
    try {
      const s = await statfs(this.dir);
      return s.bavail * s.bsize;
    } catch {
      return undefined;
    }
  }
}
