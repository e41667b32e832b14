import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { pathOf } from '../../../src/exchange/restRecords';

/** What pathOf gives without its shortcut: the URL parser's path (its origin too for another host). */
function parsed(url: string, gws: boolean): string {
  try {
    const u = new URL(url, 'http://relative.invalid');
    return gws || u.host === 'relative.invalid' ? u.pathname : `${u.origin}${u.pathname}`;
  } catch {
    return url.replace(/[?#].*$/s, '').slice(0, 2000);
  }
}

test("pathOf's shortcut for plain paths gives the URL parser's answer", () => {
  const piece = fc.constantFrom('/', 'api', 'v2', 'me', 'calls', '.', '..', '%2e', '%41', ' ', '?', '#', 'a=b', '\\', '//', '~', '-', '_', 'é', 'x.y', '.well-known', '@', ':', 'https:', 'host');
  fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), fc.boolean(), (pieces, gws) => {
    const url = pieces.join('');
    assert.equal(pathOf(url, gws), parsed(url, gws), url);
  }), { numRuns: 5000 });
  for (const url of ['/api/v2/me/calls/013V08JRL498H10I04000VTAES000123', '/api/v2/me', '/', '/a/./b', '/a/../b', '//host/x', '/a//b', '/a/b/', '/api/v2/me?x=1#f']) {
    for (const gws of [true, false]) assert.equal(pathOf(url, gws), parsed(url, gws), url);
  }
});
