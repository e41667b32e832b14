import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RawResponses } from '../../../src/connection/rawResponses';

const body = (messages: unknown[]): Buffer => Buffer.from(JSON.stringify(messages), 'utf8');
const text = (bytes: Uint8Array | undefined): string | undefined => (bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8'));

describe('RawResponses', () => {
  test('offers each message its own data bytes, in order, meta messages skipped by position', () => {
    const raw = new RawResponses();
    raw.open(body([{ channel: '/v2/me/calls', data: { call: { id: 'c1' } } }, { channel: '/meta/connect', successful: true }, { channel: '/v2/me/chats', data: { chat: { id: 'h1', text: 'é' } } }]));
    assert.equal(text(raw.take('/v2/me/calls')), '{"call":{"id":"c1"}}');
    raw.skip();
    assert.equal(text(raw.take('/v2/me/chats')), '{"chat":{"id":"h1","text":"é"}}');
    assert.equal(raw.take('/v2/me/chats'), undefined, 'past the end of the response');
    raw.close();
    assert.deepEqual(raw.counts, { raw: 2, serialized: 1 });
  });

  test('a channel that is not the one at that position gets nothing: the caller serializes', () => {
    const raw = new RawResponses();
    raw.open(body([{ channel: '/v2/me/calls', data: { a: 1 } }]));
    assert.equal(raw.take('/v2/me/devices'), undefined);
    raw.close();
  });

  test('nothing is offered outside an open response or for bytes that are not UTF-8', () => {
    const raw = new RawResponses();
    assert.equal(raw.take('/v2/me/calls'), undefined);
    const bad = Buffer.concat([Buffer.from('[{"channel":"/v2/me/calls","data":{"t":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}]')]);
    raw.open(bad);
    assert.equal(raw.take('/v2/me/calls'), undefined);
    raw.close();
    assert.deepEqual(raw.counts, { raw: 0, serialized: 2 });
  });

  test('each response starts from its first message', () => {
    const raw = new RawResponses();
    raw.open(body([{ channel: '/a', data: { n: 1 } }, { channel: '/a', data: { n: 2 } }]));
    assert.equal(text(raw.take('/a')), '{"n":1}');
    raw.close();
    raw.open(body([{ channel: '/a', data: { n: 3 } }]));
    assert.equal(text(raw.take('/a')), '{"n":3}');
    raw.close();
  });
});
