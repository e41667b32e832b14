import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ResourceTracker } from '../../../src/tracker/resourceTracker';
import { call, devices, msg } from './helpers';

/** Issue 18.6: an ErrorMessage is named by what it says, and never invents a device or call. */
describe('ResourceTracker: errors and the resources they name', () => {
  test('an error naming an unknown device or call creates neither: it stays under Errors, linked once they appear', () => {
    const t = new ResourceTracker();
    t.ingest(msg(1, '/v2/me/calls', { messageType: 'ErrorMessage', deviceUri: 'http://h/devices/d9', calluri: 'http://h/calls/c9' }));
    assert.equal(t.get('call', 'c9'), undefined, 'no stateless call');
    assert.equal(t.get('device', 'd9'), undefined, 'no stateless device in the Devices group');
    assert.deepEqual(t.resources('error').map((r) => [r.id, r.label]), [['1', 'ErrorMessage (no text) → device d9']]);
    t.ingest(call(2, 'c9', 'Dialing'));
    assert.deepEqual(t.get('call', 'c9')?.errorSeqs, [1], 'linked when the call appears');
    t.ingest(devices(3, [{ id: 'd9', state: 'Ready' }]));
    t.ingest(msg(4, '/v2/me/devices', { messageType: 'ErrorMessage', deviceUri: 'http://h/devices/d9', errorMessage: 'Invalid Called Dn' }));
    assert.deepEqual(t.get('device', 'd9')?.errorSeqs, [1, 4], 'a known device is linked at once');
    assert.equal(t.get('error', '4')?.label, 'Invalid Called Dn');
    t.ingest(msg(5, '/v2/me/devices', { messageType: 'ErrorMessage', errorCode: 71 }));
    assert.equal(t.get('error', '5')?.label, 'errorCode 71');
  });
});
