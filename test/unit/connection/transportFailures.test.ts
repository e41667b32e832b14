import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeTransportFailure, refusal } from '../../../src/connection/transportFailures';

const URL = 'https://gws.example/api/v2/notifications';

test('a refused poll or handshake is named, and a 403 blaming the CSRF token is called that', () => {
  const csrfBody = { transport: { responseText: '{"statusCode":5,"statusMessage":"Missing or invalid Csrf token"}' } };
  assert.deepEqual(refusal('/connect', 403, undefined, csrfBody), { what: 'HTTP 403 on /connect: missing or invalid CSRF token', httpCode: 403, csrf: true });
  assert.deepEqual(refusal('/handshake', 403, undefined, { transport: { responseText: 'Forbidden' } }), { what: 'HTTP 403 on /handshake', httpCode: 403, csrf: false });
  assert.deepEqual(refusal('/handshake', 401, undefined, undefined), { what: 'HTTP 401 on /handshake', httpCode: 401, csrf: false });
  assert.deepEqual(refusal('/handshake', 0, '403::handshake_denied', undefined), { what: '403::handshake_denied', httpCode: 0, csrf: false });
});

test('a poll the server never answered is named as a silent server, with the time waited', () => {
  const f = describeTransportFailure('Transport long-polling expired waiting for message replies of request 28: 45000 ms', URL);
  assert.equal(f.message, `No answer from ${URL} for 45 s: the server or a proxy stopped responding.`);
  assert.equal(f.retryable, true);
  assert.match(describeTransportFailure('read ECONNRESET', URL).message, /reset by the server or a proxy \(ECONNRESET\)/);
  assert.equal(describeTransportFailure(undefined, URL).message, `Lost the connection to ${URL}.`);
});
