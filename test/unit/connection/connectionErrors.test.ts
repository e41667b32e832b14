import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeHttpStatus, describeNetworkError, isTlsErrorCode } from '../../../src/connection/connectionErrors';

const err = (code: string, message = code): NodeJS.ErrnoException => Object.assign(new Error(message), { code });

describe('connection error messages', () => {
  test('network failures name the URL and the cause, and are retryable', () => {
    const refused = describeNetworkError(err('ECONNREFUSED'), 'http://h:1/api/v2/me');
    assert.equal(refused.code, 'unreachable');
    assert.equal(refused.retryable, true);
    assert.match(refused.message, /^Cannot reach http:\/\/h:1\/api\/v2\/me: the connection was refused .*\(ECONNREFUSED\)\.$/);
    assert.match(describeNetworkError(err('ENOTFOUND'), 'http://x').message, /could not be resolved/);
    assert.match(describeNetworkError(err('EWHATEVER', 'odd failure'), 'http://x').message, /odd failure \(EWHATEVER\)/);
  });

  test('TLS failures name the certificate problem and the fingerprint, and are not retried', () => {
    const cert = { subject: 'CN=gws', issuer: 'CN=gws', validFrom: 'a', validTo: 'b', fingerprint256: 'AA:BB', trustPem: 'pem' };
    const f = describeNetworkError(err('DEPTH_ZERO_SELF_SIGNED_CERT'), 'https://gws', cert);
    assert.equal(f.code, 'tls');
    assert.equal(f.retryable, false);
    assert.match(f.message, /self-signed certificate/);
    assert.match(f.message, /SHA-256 fingerprint is AA:BB/);
    assert.equal(f.certificate, cert);
    assert.match(describeNetworkError(err('CERT_HAS_EXPIRED'), 'https://gws').message, /has expired/);
    assert.match(describeNetworkError(err('ERR_TLS_CERT_ALTNAME_INVALID'), 'https://gws').message, /does not name this host/);
  });

  test('TLS codes are told apart from network codes', () => {
    for (const code of ['DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_SSL_WRONG_VERSION_NUMBER', 'CERT_HAS_EXPIRED']) assert.ok(isTlsErrorCode(code), code);
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', undefined]) assert.ok(!isTlsErrorCode(code), String(code));
  });

  test('HTTP statuses: 401 is a credential problem, 403 with CSRF is named, others are generic', () => {
    assert.equal(describeHttpStatus(401, 'u', '').code, 'auth-failed');
    const csrf = describeHttpStatus(403, 'u', '{"statusMessage":"Missing or invalid Csrf token"}');
    assert.equal(csrf.code, 'forbidden');
    assert.match(csrf.message, /CSRF token/);
    assert.doesNotMatch(describeHttpStatus(403, 'u', 'nope').message, /CSRF/);
    const server = describeHttpStatus(503, 'u', '');
    assert.equal(server.code, 'http');
    assert.equal(server.retryable, true);
  });
});
