import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { makeNonce, timelineHtml } from '../../../src/timeline/webviewHtml';

/**
 * Serves the timeline page the way the panel builds it (same HTML, same CSP, as a meta tag), with
 * the built bundle, the stylesheet, a theme stylesheet and the fake VS Code API, over loopback.
 */

export const REPO = join(__dirname, '..', '..', '..');
const ROOTS: Record<string, string> = { dist: join(REPO, 'dist'), media: join(REPO, 'media'), fixture: join(REPO, 'test', 'webview', 'fixture') };
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.svg': 'image/svg+xml' };

/** A running page server. */
export interface PageServer {
  origin: string;
  /** URL of the timeline page in `theme` (dark, light, hc). */
  pageUrl(theme?: 'dark' | 'light' | 'hc'): string;
  close(): Promise<void>;
}

/** Starts the server on a free loopback port. */
export async function startPageServer(): Promise<PageServer> {
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/') {
      const theme = url.searchParams.get('theme') ?? 'dark';
      const html = timelineHtml({
        cspSource: origin,
        nonce: makeNonce((n) => randomBytes(n)),
        scriptUri: `${origin}/dist/webview/webview.js`,
        styleUris: [`${origin}/fixture/theme-${theme === 'light' || theme === 'hc' ? theme : 'dark'}.css`, `${origin}/media/timeline.css`],
        preScriptUris: [`${origin}/fixture/fakeVsCodeApi.js`],
      });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const [, root, ...rest] = url.pathname.split('/');
    const base = ROOTS[root ?? ''];
    const file = base ? normalize(join(base, ...rest)) : '';
    if (!base || !file.startsWith(base)) {
      res.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    origin,
    pageUrl: (theme = 'dark') => `${origin}/?theme=${theme}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
