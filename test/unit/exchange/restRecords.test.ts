import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { pathOf, targetOfPath } from '../../../src/exchange/restRecords';

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

test("targetOfPath's id is the decoded segment, whether or not it holds an escape (a bad escape throws, as ever)", () => {
  const piece = fc.constantFrom('013V08JRL498H10I04000VTAES000123', 'a', '%41', '%2F', '%', '%zz', '%e9', '%C3%A9', '.', '-', 'é', '+');
  fc.assert(fc.property(fc.constantFrom('calls', 'chats', 'devices'), fc.array(piece, { minLength: 1, maxLength: 5 }), (kind, pieces) => {
    const id = pieces.join('');
    let expected: string | Error;
    try {
      expected = decodeURIComponent(id);
    } catch (err) {
      expected = err as Error;
    }
    if (expected instanceof Error) assert.throws(() => targetOfPath(`/api/v2/me/${kind}/${id}/answer`), URIError);
    else assert.deepEqual(targetOfPath(`/api/v2/me/${kind}/${id}/answer`), { kind: kind.slice(0, -1), id: expected });
  }), { numRuns: 2000 });
});
