/**
 * The timeline webview's HTML. Vscode-free so the Chromium tests load the very page the panel
 * serves: strict CSP, a nonce for our two scripts, styles only from the extension's own files
 * (plus the hash of the empty inline style the toolkit creates).
 */

/** sha256 of the empty string: the toolkit inserts one empty <style>. */
export const EMPTY_STYLE_HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

/** What the page needs: the webview's CSP source, a fresh nonce, and URIs of the bundle and stylesheets. */
export interface WebviewPage {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUris: string[];
  /** Scripts to run before the bundle (tests load their fake acquireVsCodeApi this way). */
  preScriptUris?: string[];
}

/** The Content-Security-Policy of the page. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${cspSource} ${EMPTY_STYLE_HASH}; font-src ${cspSource}; img-src ${cspSource} data:`;
}

/** A nonce of 32 alphanumeric characters from `random` (pass crypto-backed bytes). */
export function makeNonce(random: (n: number) => Uint8Array): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(random(32), (b) => chars[b % chars.length]).join('');
}

const attr = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The full HTML document. */
export function timelineHtml(page: WebviewPage): string {
  const nonce = attr(page.nonce);
  const styles = page.styleUris.map((u) => `<link rel="stylesheet" href="${attr(u)}">`).join('\n    ');
  const scripts = [...(page.preScriptUris ?? []), page.scriptUri].map((u) => `<script nonce="${nonce}" src="${attr(u)}"></script>`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(page.cspSource, page.nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>GWS Timeline</title>
  </head>
  <body>
    <div id="root" class="app"></div>
    ${scripts}
  </body>
</html>
`;
}
