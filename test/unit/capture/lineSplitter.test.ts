import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter, type RawLine } from '../../../src/capture/lineSplitter';

function split(text: string, chunk: number): Array<Omit<RawLine, 'bytes'> & { text: string }> {
  const bytes = Buffer.from(text, 'utf8');
  const s = new LineSplitter();
  const out: RawLine[] = [];
  for (let i = 0; i < bytes.length; i += chunk) {
    s.pushText(Buffer.from(bytes.subarray(i, i + chunk)), (text, offset, _length, line) => out.push({ bytes: Buffer.from(text, 'utf8'), offset, line, terminated: true }));
  }
  const tail = s.end();
  if (tail) out.push(tail);
  return out.map(({ bytes: b, ...rest }) => ({ ...rest, text: b.toString('utf8') }));
}

describe('LineSplitter', () => {
  test('splits on newlines with byte offsets, at any chunk size', () => {
    const text = 'ab\néé\r\n\nlast';
    const expected = [
      { text: 'ab', offset: 0, line: 1, terminated: true },
      { text: 'éé', offset: 3, line: 2, terminated: true },
      { text: '', offset: 9, line: 3, terminated: true },
      { text: 'last', offset: 10, line: 4, terminated: false },
    ];
    for (const chunk of [1, 2, 3, 5, 100]) assert.deepEqual(split(text, chunk), expected, `chunk ${chunk}`);
  });

  test('no tail when the input ends with a newline', () => {
    assert.deepEqual(split('a\n', 1).map((l) => l.text), ['a']);
    assert.deepEqual(split('', 1), []);
  });
});

describe('LineSplitter.pushText', () => {
  test('gives the text, byte offset and byte length of each line, across chunks and CRLF', () => {
    const input = Buffer.from('a\r\nhé✓llo\n\n𝄞x\r\nlast', 'utf8');
    for (const size of [1, 2, 3, 5, 100]) {
      const viaText: Array<[string, number, number, number]> = [];
      const s = new LineSplitter();
      for (let i = 0; i < input.length; i += size) s.pushText(Buffer.from(input.subarray(i, i + size)), (text, offset, length, line) => viaText.push([text, offset, length, line]));
      assert.deepEqual(viaText, [['a', 0, 1, 1], ['hé✓llo', 3, 9, 2], ['', 13, 0, 3], ['𝄞x', 14, 5, 4]], `chunk size ${size}`);
      assert.equal(s.end()?.bytes.toString('utf8'), 'last');
    }
  });
});
