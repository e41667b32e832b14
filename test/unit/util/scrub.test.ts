import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CREDENTIAL_HINT, credentialHintSpans, maskCredentials, spanInside, scrubSecrets } from '../../../src/util/scrub';

test('secrets and labelled credentials never survive scrubbing', () => {
  const text = 'login as agent1 with hunter22; Authorization: Basic YWdlbnQxOmh1bnRlcjIy, Cookie=JSESSIONID=abc123; x-csrf-token: tok-9 password=pw';
  const out = scrubSecrets(text, ['hunter22', 'abc123', 'tok-9x']);
  for (const secret of ['hunter22', 'YWdlbnQxOmh1bnRlcjIy', 'abc123', 'tok-9']) assert.ok(!out.includes(secret), `${secret} in ${out}`);
  assert.match(out, /password=\*\*\*$/);
  assert.match(out, /Authorization: \*\*\*/);
  assert.match(out, /login as agent1 with \*\*\*/);
  assert.equal(scrubSecrets('short ab', ['ab']), 'short ab', 'values under 4 characters are not treated as secrets');
});

test('one credential pattern serves both masks; a quoted value is masked whole', () => {
  const json = '{"Cookie":"JSESSIONID=abc123; lb=\\"x\\"","X-CSRF-Token":"tok","a":"password"}';
  assert.equal(maskCredentials(json, '***'), '{"Cookie":"***","X-CSRF-Token":"***","a":"password"}');
  assert.equal(maskCredentials(json, '[scrubbed]'), '{"Cookie":"[scrubbed]","X-CSRF-Token":"[scrubbed]","a":"password"}');
  assert.equal(maskCredentials('Proxy-Authorisation: Negotiate YII= rest', '***'), 'Proxy-Authorisation: *** rest');
  assert.equal(maskCredentials('no labels here', '***'), 'no labels here');
});

test('credential hint spans on Latin-1 text of bytes answer, for any range, as CREDENTIAL_HINT on its UTF-8 text', () => {
  const piece = fc.oneof(fc.constantFrom('Authorization', 'AUTHORISATION', 'authorizatio', 'cookie', 'CoOkIe', 'csrf', 'Password', 'passwor', 'jsessionid', 'JSESSIONI', 'ſ', 'K', '@', '`', '\u00e9', 'passwordcsrf', 'authorizationpassword'), fc.string({ maxLength: 6 }));
  const bytes = fc.oneof(fc.array(piece, { maxLength: 8 }).map((p) => Buffer.from(p.join(''), 'utf8')), fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)));
  fc.assert(fc.property(bytes, fc.array(fc.nat(), { maxLength: 8 }), (b, cuts) => {
    // Ranges in order, apart, as a batch's notifications lie: the caller's walk over the spans.
    const bounds = [...new Set(cuts.map((c) => c % (b.length + 1)))].sort((p, q) => p - q);
    const spans = credentialHintSpans(b.toString('latin1'));
    let h = 0;
    for (let k = 0; k + 1 < bounds.length; k += 2) {
      const [start, end] = [bounds[k], bounds[k + 1]];
      while (h < spans.length && spans[h] < start) h += 2;
      assert.equal(spanInside(spans, h, start, end), CREDENTIAL_HINT.test(b.subarray(start, end).toString('utf8')), JSON.stringify(b.subarray(start, end).toString('latin1')));
    }
  }), { numRuns: 5000 });
});
