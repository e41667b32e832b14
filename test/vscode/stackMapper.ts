// Maps stack frames of the bundled test files back to their .ts sources. The extension host installs its
// own Error.prepareStackTrace, so Node's --enable-source-maps rewriting never happens there; the inline
// maps esbuild writes are read through node:module's findSourceMap instead.
import { findSourceMap } from 'node:module';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Absolute, or relative to the cwd once Mocha's stack filter has shortened it.
const FRAME = /([^\s():]+\.js):(\d+):(\d+)/g;

/** Turns a source URL or path from a source map into a plain path. */
function toPath(file: string): string {
  return file.startsWith('file://') ? fileURLToPath(file) : file;
}

/** `stack` with every `file.js:line:col` frame that has a source map replaced by its `.ts` origin. */
export function mapStack(stack: string): string {
  return stack.replace(FRAME, (whole, file: string, line: string, column: string) => {
    if (file.includes('://')) return whole;
    const origin = findSourceMap(resolve(file))?.findOrigin(Number(line), Number(column));
    if (!origin || !('fileName' in origin)) return whole;
    return `${relative(process.cwd(), toPath(origin.fileName))}:${origin.lineNumber}:${origin.columnNumber}`;
  });
}
