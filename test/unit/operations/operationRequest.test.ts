import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CATALOGUE, catalogueEntry, defaultPath, knownCapabilities } from '../../../src/operations/catalogue';
import { OperationInputError, buildRequest, checkPath, formatTarget, parseBody, parseTarget, requestUrl } from '../../../src/operations/operationRequest';

const BASE = 'https://gws.example.com:8443';

/** A body that satisfies a catalogue row's parameters. */
export function sampleBody(operation: string): Record<string, unknown> {
  const entry = catalogueEntry(operation)!;
  const body: Record<string, unknown> = {};
  for (const p of entry.params) {
    if (!p.required) continue;
    const value = p.type === 'object' ? { Key: 'v' } : p.type === 'string[]' ? ['voice'] : '5001';
    const [head, tail] = p.path.split('.');
    body[head] = tail ? { [tail]: value } : value;
  }
  if (entry.oneOf) body[entry.oneOf[0]] = 'conn1';
  return body;
}

describe('operation requests', () => {
  test('every catalogue row builds a request to its own path under the base URL', () => {
    for (const entry of CATALOGUE) {
      const target = { kind: entry.target, id: entry.target === 'voice' || entry.target === 'me' ? '' : 'id1' };
      const req = buildRequest(target, entry.operation, sampleBody(entry.operation));
      assert.equal(req.body.operationName, entry.operation);
      assert.equal(req.path, defaultPath(entry.operation, target));
      assert.ok(requestUrl(BASE, req.path).startsWith(`${BASE}/api/v2/`));
    }
    assert.equal(buildRequest({ kind: 'device', id: 'd1' }, 'Dial', sampleBody('Dial')).path, '/api/v2/me/devices/d1/calls');
  });

  test('missing or mistyped parameters, wrong targets and foreign paths are refused with a reason', () => {
    const bad: Array<[() => unknown, RegExp]> = [
      [() => buildRequest(parseTarget('call:c1'), 'SendDtmf'), /SendDtmf needs dtmfDigits/],
      [() => buildRequest(parseTarget('call:c1'), 'AttachUserData', { userData: 'x' }), /userData must be an object/],
      [() => buildRequest(parseTarget('call:c1'), 'CompleteTransfer'), /parentConnId or parentCallUri/],
      [() => buildRequest(parseTarget('chat:c1'), 'Answer'), /acts on a call:ID target/],
      [() => buildRequest(parseTarget('call:c1'), 'Answer', { operationName: 'Hangup' }), /operationName "Hangup"/],
      [() => buildRequest(parseTarget('call:c1'), 'Custom', {}, '//evil.example/api/v2/x'), /expected \/api\/v2/],
      [() => buildRequest(parseTarget('call:c1'), 'Custom', {}, '/api/v2/../admin'), /no dot segments/],
      [() => buildRequest(parseTarget('call:c1'), 'Answer', {}, '/api/v2/me/calls/other'), /always goes to/],
      [() => parseTarget('voice:x'), /takes no id/],
      [() => parseTarget('queue:1'), /expected call:ID/],
      [() => parseBody('[1]'), /must be a JSON object/],
      [() => parseBody('{'), /not JSON/],
    ];
    for (const [fn, message] of bad) assert.throws(fn, (e: unknown) => e instanceof OperationInputError && message.test(e.message));
  });

  test('a uri inside the body never chooses the host', () => {
    const req = buildRequest(parseTarget('call:c1'), 'Answer', { uri: 'http://evil.example/api/v2/me/calls/c1' });
    assert.equal(new URL(requestUrl(BASE, req.path)).host, 'gws.example.com:8443');
  });

  test('unknown operations are custom requests to the target path', () => {
    const req = buildRequest(parseTarget('call:c1'), 'MuteOn', { extra: 1 });
    assert.equal(req.path, '/api/v2/me/calls/c1');
    assert.deepEqual(req.body, { operationName: 'MuteOn', extra: 1 });
  });

  test('knownCapabilities keeps the catalogue operations a resource allows', () => {
    assert.deepEqual(knownCapabilities('call', ['Hold', 'Deflect', 'Answer']).map((e) => e.operation), ['Answer', 'Hold']);
  });

  test('fuzz: target and body parsing either accept or say why, and accepted input stays under the base URL', () => {
    const targetText = fc.oneof(
      fc.string(),
      fc.tuple(fc.constantFrom('call', 'chat', 'device', 'voice', 'me', 'x'), fc.string()).map(([k, id]) => `${k}:${id}`),
      fc.constantFrom('voice', 'me', 'call:', 'call:../x', 'chat:a/b', 'device:%2e%2e'),
    );
    const operation = fc.oneof(fc.constantFrom(...CATALOGUE.map((e) => e.operation)), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(targetText, operation, fc.oneof(fc.string(), fc.json()), fc.option(fc.string(), { nil: undefined }), (t, op, bodyText, path) => {
        try {
          const target = parseTarget(t);
          assert.equal(formatTarget(target), t);
          const req = buildRequest(target, op, parseBody(bodyText), path);
          const url = new URL(requestUrl(BASE, req.path));
          assert.equal(url.origin, BASE);
          assert.ok(url.pathname.startsWith('/api/v2/'));
          assert.equal(checkPath(req.path), req.path);
          assert.equal(req.body.operationName, op);
        } catch (e) {
          if (!(e instanceof OperationInputError)) throw e;
          assert.ok(e.message.length > 0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
