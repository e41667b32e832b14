import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { ResourceTracker } from '../../../src/tracker/resourceTracker';
import { formatSummaryTable, summarize, summarizeFile } from '../../../src/tracker/summary';
import { JournalWriter } from '../../../src/capture/journalWriter';
import { NotACaptureError } from '../../../src/capture/journalReader';
import { call, chat, devices, msg, snapshot } from './helpers';
import { header, message, tempDir } from '../capture/helpers';

describe('summarize', () => {
  test('has exactly the documented shape and order', () => {
    const t = new ResourceTracker();
    t.ingestBatch([
      call(1, 'c1', 'Dialing'),
      devices(2, [{ id: 'd1', state: 'NotReady' }]),
      call(3, 'c1', 'Established'),
      call(4, 'c1', 'Established'),
      chat(5, 'ch1', 'Chatting'),
      msg(6, '/v2/me/calls', { messageType: 'ErrorMessage', deviceUri: '/devices/d1', errorMessage: 'Invalid Called Dn' }),
      msg(7, '/v2/me/calls', 'junk'),
      call(8, 'c1', 'Released'),
      snapshot(9, { devices: [{ id: 'd1', userState: { state: 'Ready' } }] }),
    ]);
    const s = summarize(t);
    assert.deepEqual(s, {
      messages: 8,
      malformed: 1,
      byChannel: { '/v2/me/calls': 6, '/v2/me/devices': 1, '/v2/me/chats': 1 },
      resources: [
        // Time in state: the open state until the last record (the snapshot at 9 s), an ended call's Released left out.
        { kind: 'chat', id: 'ch1', state: 'Chatting', states: ['Chatting'], messages: 1, ended: false, timeInState: { Chatting: 4000 } },
        { kind: 'call', id: 'c1', state: 'Released', states: ['Dialing', 'Established', 'Released'], messages: 4, ended: true, timeInState: { Dialing: 2000, Established: 5000 } },
        { kind: 'device', id: 'd1', state: 'Ready', states: ['NotReady', 'Ready'], messages: 1, ended: false, timeInState: { NotReady: 7000, Ready: 0 } },
        { kind: 'error', id: '6', state: null, states: [], messages: 1, ended: false, timeInState: {} },
        { kind: 'other', id: '/v2/me/calls (none)', state: null, states: [], messages: 1, ended: false, timeInState: {} },
      ],
      operations: [],
      delivery: { samples: 0, offsetMs: null, jitterP95Ms: null, serverProcessingP95Ms: null, serverFailures: 0, clock: 'capture' },
    });
    assert.deepEqual(Object.keys(s), ['messages', 'malformed', 'byChannel', 'resources', 'operations', 'delivery']);
    assert.deepEqual(JSON.parse(JSON.stringify(s)), s, 'plain JSON, nothing lost in serialization');
  });

  test('a channel named __proto__ is an ordinary key', () => {
    const t = new ResourceTracker();
    t.ingest(msg(1, '__proto__', { messageType: 'X' }));
    const s = summarize(t);
    assert.ok(Object.hasOwn(s.byChannel, '__proto__'));
    assert.equal(JSON.stringify(s.byChannel), '{"__proto__":1}');
  });

  test('formatSummaryTable lists counts, channels and one line per resource', () => {
    const t = new ResourceTracker();
    t.ingestBatch([call(1, 'c1', 'Dialing'), call(2, 'c1', 'Released'), devices(3, [{ id: 'd1', state: 'Ready' }])]);
    const text = formatSummaryTable(summarize(t));
    assert.match(text, /^Messages: 3 {3}Malformed: 0$/m);
    assert.match(text, /^ {2}\/v2\/me\/calls +2$/m);
    assert.match(text, /^KIND +ID +STATE +MESSAGES +ENDED +STATES$/m);
    assert.match(text, /^call +c1 +Released +2 +yes +Dialing → Released$/m);
    assert.match(text, /^device +d1 +Ready +1 +no +Ready$/m);
    assert.match(formatSummaryTable(summarize(new ResourceTracker())), /No resources\./);
  });
});

describe('summarizeFile', () => {
  test('reads, indexes and tracks a capture file', async () => {
    const dir = tempDir();
    try {
      const path = dir.file('c.ndjson');
      const w = new JournalWriter(path, header());
      w.append(message(1, { messageType: 'CallStateChangeMessage', call: { id: 'c1', state: 'Ringing' } }));
      w.append({ kind: 'event', seq: 2, at: '2024-05-01T10:00:00.100Z', event: 'reconnecting' });
      w.append(message(3, { messageType: 'CallStateChangeMessage', call: { id: 'c1', state: 'Established' } }));
      w.append(message(4, { messageType: 'DeviceStateChangeMessage', devices: 7 }, '/v2/me/devices'));
      w.close();
      const s = await summarizeFile(path);
      assert.equal(s.messages, 3);
      assert.equal(s.malformed, 1);
      assert.deepEqual(s.byChannel, { '/v2/me/calls': 2, '/v2/me/devices': 1 });
      // The current state counts until the capture's end: its latest record (the event at 100 ms), whatever the order.
      assert.deepEqual(s.resources[0], { kind: 'call', id: 'c1', state: 'Established', states: ['Ringing', 'Established'], messages: 2, ended: false, timeInState: { Ringing: 2, Established: 97 } });
      writeFileSync(dir.file('other.txt'), 'hello\n');
      await assert.rejects(summarizeFile(dir.file('other.txt')), NotACaptureError);
    } finally {
      dir.cleanup();
    }
  });
});
