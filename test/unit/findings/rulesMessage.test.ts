import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureBuilder } from './captureBuilder';

describe('after-end', () => {
  test('flags the late message at its line, names the record that ended the call, once per late message', async () => {
    const b = new CaptureBuilder().call(0, 'c1', 'Ringing').call(1000, 'c1', 'Released').call(2000, 'c1', 'Established').chat(3000, 'ch', 'Completed').transcript(4000, 'ch', [1]);
    const found = await b.lintOnly('after-end');
    assert.deepEqual(found.map((f) => [f.line, f.resource?.id, f.severity, f.seqs]), [[4, 'c1', 'warning', [2, 3]], [6, 'ch', 'warning', [4, 5]]]);
    assert.match(found[0].message, /CallStateChangeMessage StatusChange about call c1 after it ended \(Released at seq 2\)/);
  });

  test('a call that never ended, and a call gone after reconnect and named again, give nothing', async () => {
    const b = new CaptureBuilder().call(0, 'c1', 'Ringing').call(1000, 'c1', 'Established').gap(1500, 1600).snapshot(1700, { calls: [] }).call(2000, 'c1', 'Held');
    assert.deepEqual(await b.lintOnly('after-end'), []);
  });
});

describe('capability-mismatch', () => {
  test('Held without Retrieve or with Hold; Established with Answer; Ringing inbound without Answer', async () => {
    const b = new CaptureBuilder()
      .call(0, 'c1', 'Held', { capabilities: ['Hold', 'Hangup'] })
      .call(1, 'c1', 'Held', { capabilities: ['Hangup', 'Hold'] })
      .call(2, 'c2', 'Established', { capabilities: ['Answer', 'Hangup'] })
      .call(3, 'c3', 'Ringing', { capabilities: ['Deflect'] })
      .call(4, 'c4', 'Ringing', { capabilities: ['Deflect'], callType: 'Outbound' })
      .call(5, 'c5', 'Held', { capabilities: ['Retrieve', 'Hangup'] })
      .call(6, 'c6', 'Established')
      .call(7, 'c7', 'Held', { capabilities: ['Retrieve', 'Hold'] });
    const found = await b.lintOnly('capability-mismatch');
    assert.deepEqual(found.map((f) => [f.line, f.resource?.id]), [[2, 'c1'], [4, 'c2'], [5, 'c3'], [9, 'c7']], 'the same contradiction again (capabilities reordered) is not reported twice');
    assert.match(found[0].message, /Held, yet it offers Hold and not Retrieve/);
    assert.match(found[2].message, /inbound/);
  });
});

describe('transcript-gap', () => {
  test('a skip and a repeat are errors; the first update sets the baseline; a gap resets it', async () => {
    const b = new CaptureBuilder()
      .transcript(0, 'ch', [4, 5])
      .transcript(1, 'ch', [6])
      .transcript(2, 'ch', [8, 9])
      .transcript(3, 'ch', [9])
      .gap(4, 5)
      .transcript(6, 'ch', [20])
      .transcript(7, 'other', [1]);
    const found = await b.lintOnly('transcript-gap');
    assert.deepEqual(found.map((f) => [f.line, f.severity, f.seqs]), [[4, 'error', [2, 3]], [5, 'error', [3, 4]]], 'with the update that set the baseline');
    assert.match(found[0].message, /skips from 6 to 8; message 7 was lost/);
    assert.match(found[1].message, /index 9 repeats/);
  });
});

describe('error-message', () => {
  test('names the device and call, says when there is no error text, files it under the call', async () => {
    const b = new CaptureBuilder()
      .message(0, '/v2/me/devices', { messageType: 'ErrorMessage', deviceUri: 'http://h/api/v2/devices/d1', errorMessage: 'Invalid Called Dn' })
      .message(1, '/v2/me/devices', { messageType: 'ErrorMessage', devicePath: '/devices/d1', deviceUri: 'http://h/api/v2/devices/d1' })
      .message(2, '/v2/me/calls', { messageType: 'ErrorMessage', calluri: 'http://h/api/v2/calls/c9', errorMessage: 'Incorrect object state' });
    const found = await b.lintOnly('error-message');
    assert.deepEqual(found.map((f) => [f.line, f.severity, f.resource]), [[2, 'error', { kind: 'device', id: 'd1' }], [3, 'error', { kind: 'device', id: 'd1' }], [4, 'error', { kind: 'call', id: 'c9' }]]);
    assert.equal(found[0].message, 'ErrorMessage about device d1: Invalid Called Dn');
    assert.match(found[1].message, /with no error text \(real GWS sends these\)/);
  });
});

describe('duplicate', () => {
  test('the same state again (metrics and duration aside) is info; a different notificationType or a changed field is not', async () => {
    const b = new CaptureBuilder()
      .call(0, 'c1', 'Established', { duration: '1' }, { metrics: { eventProcessing: { serverGenerationTimestamp: 1 } } })
      .call(1, 'c1', 'Established', { duration: '2' }, { metrics: { eventProcessing: { serverGenerationTimestamp: 2 } } })
      .call(2, 'c1', 'Established', {}, { notificationType: 'DtmfSent' })
      .call(3, 'c1', 'Established', { userData: { a: 1 } });
    const found = await b.lintOnly('duplicate');
    assert.deepEqual(found.map((f) => [f.line, f.severity, f.seqs]), [[3, 'info', [1, 2]]]);
  });
});

describe('malformed and unknown-value', () => {
  test('malformed messages are errors with the reason; unknown values are info, once per value', async () => {
    const b = new CaptureBuilder()
      .message(0, '/v2/me/calls', { data: { data: { messageType: 'ErrorMessage' } } })
      .device(1, 'd1', 'LoggedIn')
      .device(2, 'd1', 'LoggedIn')
      .message(3, '/v2/me/calls', { messageType: 'CallStateChangeMessage', notificationType: 'Teleported', call: { id: 'c', state: 'Floating' } });
    const found = await b.lint({ only: new Set(['malformed', 'unknown-value']) });
    assert.deepEqual(found.map((f) => [f.line, f.rule, f.severity]), [[2, 'malformed', 'error'], [3, 'unknown-value', 'info'], [5, 'unknown-value', 'info'], [5, 'unknown-value', 'info']]);
    assert.match(found[0].message, /malformed message: nested data.data; no messageType/);
    assert.match(found[1].message, /device userState.state "LoggedIn"/);
  });
});
