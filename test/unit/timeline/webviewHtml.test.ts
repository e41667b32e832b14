import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { EMPTY_STYLE_HASH, contentSecurityPolicy, makeNonce, timelineHtml } from '../../../src/timeline/webviewHtml';

const SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

function render(nonce: string): string {
  return timelineHtml({ cspSource: SOURCE, nonce, scriptUri: `${SOURCE}/dist/webview/webview.js`, styleUris: [`${SOURCE}/media/timeline.css`] });
}

/** The CSP the page declares, unescaped from its meta tag. */
function declaredCsp(html: string): string[] {
  return [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g)].map((m) => m[1]!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&amp;/g, '&'));
}

describe('timeline webview CSP', () => {
  test('the policy is exactly the strict one: nonce scripts, own styles plus the empty-style hash, nothing else', () => {
    const nonce = makeNonce((n) => randomBytes(n));
    const expected = `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${SOURCE} 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='; font-src ${SOURCE}; img-src ${SOURCE} data:`;
    assert.equal(contentSecurityPolicy(SOURCE, nonce), expected);
    const html = render(nonce);
    assert.deepEqual(declaredCsp(html), [expected], 'one CSP meta tag, with that policy');
    assert.ok(!/unsafe-eval|unsafe-inline|unsafe-hashes|strict-dynamic|\*/.test(expected));
    // The one hash is the empty string's: the toolkit's empty <style>, and nothing with content.
    assert.equal(EMPTY_STYLE_HASH, `'sha256-${createHash('sha256').update('').digest('base64')}'`);
  });

  test('every script is an external file carrying the nonce; no inline script, style or handler', () => {
    const nonce = makeNonce((n) => randomBytes(n));
    const html = render(nonce);
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    for (const [, attrs, body] of scripts) {
      assert.equal(attrs, ` nonce="${nonce}" src="${SOURCE}/dist/webview/webview.js"`);
      assert.equal(body, '', 'no inline code');
    }
    assert.ok(!/<style|style=|\son[a-z]+=/i.test(html));
  });

  test('the nonce is fresh for every render: 32 characters from a CSPRNG, never reused', () => {
    const nonces = new Set(Array.from({ length: 200 }, () => makeNonce((n) => randomBytes(n))));
    assert.equal(nonces.size, 200);
    for (const n of nonces) assert.match(n, /^[A-Za-z0-9]{32}$/);
    // The panel builds its HTML with a new makeNonce(randomBytes) call on each render.
    const panel = readFileSync(join(__dirname, '..', '..', '..', 'src', 'extension', 'timeline', 'timelinePanel.ts'), 'utf8');
    const htmlMethod = panel.slice(panel.indexOf('private html(): string {'));
    assert.match(htmlMethod.slice(0, htmlMethod.indexOf('\n  }\n')), /nonce: makeNonce\(\(n\) => randomBytes\(n\)\)/);
  });

  test('a hostile cspSource or URI cannot break out of the attributes', () => {
    const html = timelineHtml({ cspSource: '"><script>alert(1)</script>', nonce: 'n"o', scriptUri: 'x"><img src=x onerror=alert(1)>', styleUris: ['y"><b>'] });
    assert.ok(!html.includes('<script>alert(1)'));
    assert.ok(!html.includes('<img'));
    assert.ok(!html.includes('<b>'));
  });
});
