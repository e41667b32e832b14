/**
 * Records every call to node:fs's synchronous functions made while a phase is open, with its stack,
 * so a test can assert that none came from our own code (a frame under <repo>/src/). The functions
 * are patched on the shared `fs` object and pushed to ESM named imports with syncBuiltinESMExports().
 */
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';

const requireHere = createRequire(__filename);
const fs = requireHere('node:fs') as Record<string, unknown>;
const nodeModule = requireHere('node:module') as { syncBuiltinESMExports(): void };

/** Every synchronous function of node:fs that touches the file system. */
export const SYNC_FS_FUNCTIONS = [
  'accessSync', 'appendFileSync', 'chmodSync', 'chownSync', 'closeSync', 'copyFileSync', 'cpSync', 'existsSync',
  'fchmodSync', 'fchownSync', 'fdatasyncSync', 'fstatSync', 'fsyncSync', 'ftruncateSync', 'futimesSync', 'lchownSync',
  'linkSync', 'lstatSync', 'lutimesSync', 'mkdirSync', 'mkdtempSync', 'openSync', 'opendirSync', 'readSync', 'readdirSync',
  'readFileSync', 'readlinkSync', 'readvSync', 'realpathSync', 'renameSync', 'rmdirSync', 'rmSync', 'statSync', 'statfsSync',
  'symlinkSync', 'truncateSync', 'unlinkSync', 'utimesSync', 'writeFileSync', 'writeSync', 'writevSync',
] as const;

/** One recorded call: the function, the phase it ran in, and the stack lines in our src/. */
export interface SyncCall {
  fn: string;
  phase: string;
  srcFrames: string[];
  stack: string;
}

/** Frames of module loading: a require() or import resolving a file is not code of ours doing I/O. */
const LOADER = /node:internal\/modules\/|[\\/]node_modules[\\/]tsx[\\/]/;

export class SyncIoRecorder {
  readonly calls: SyncCall[] = [];
  private phase: string | undefined;
  private inside = false;
  private readonly originals = new Map<string, (...args: unknown[]) => unknown>();

  constructor(private readonly srcDir: string = join(__dirname, '..', '..', 'src') + sep) {}

  install(): void {
    for (const name of SYNC_FS_FUNCTIONS) {
      const original = fs[name];
      if (typeof original !== 'function') continue;
      const fn = original as (...args: unknown[]) => unknown;
      this.originals.set(name, fn);
      const recorder = this;
      fs[name] = function (this: unknown, ...args: unknown[]): unknown {
        if (recorder.phase !== undefined && !recorder.inside) recorder.note(name);
        return fn.apply(this, args);
      };
    }
    nodeModule.syncBuiltinESMExports();
  }

  uninstall(): void {
    for (const [name, fn] of this.originals) fs[name] = fn;
    this.originals.clear();
    nodeModule.syncBuiltinESMExports();
  }

  /** Runs `body` with calls recorded under `phase`. */
  async during<T>(phase: string, body: () => Promise<T>): Promise<T> {
    this.phase = phase;
    try {
      return await body();
    } finally {
      this.phase = undefined;
    }
  }

  /** Opens a phase that stays open until the next during()/stop(): for work that runs between awaits. */
  start(phase: string): void {
    this.phase = phase;
  }

  stop(): void {
    this.phase = undefined;
  }

  /** Calls with a frame in src/, outside module loading. */
  fromSrc(phase?: string): SyncCall[] {
    return this.calls.filter((c) => c.srcFrames.length > 0 && (phase === undefined || c.phase === phase));
  }

  private note(fn: string): void {
    // Formatting a stack may read source maps synchronously: those reads are ours, not the code's.
    this.inside = true;
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 200;
    try {
      const stack = new Error(fn).stack ?? '';
      if (LOADER.test(stack)) return;
      const srcFrames = stack.split('\n').filter((line) => line.includes(this.srcDir));
      this.calls.push({ fn, phase: this.phase ?? '', srcFrames, stack });
    } finally {
      Error.stackTraceLimit = limit;
      this.inside = false;
    }
  }
}
