import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cellCode, clipJson, escapeMarkdown, fencedBlock, formatDuration, inlineCode } from '../../../src/exchange/markdownText';

describe('markdownText', () => {
  test('escapeMarkdown neutralizes markup, HTML and line breaks', () => {
    assert.equal(escapeMarkdown('**bold** <img src=x onerror=alert(1)> | `code` [link](http://x) # h\nnext'), '\\*\\*bold\\*\\* &lt;img src=x onerror=alert\\(1\\)&gt; \\| \\`code\\` \\[link\\]\\(http://x\\) \\# h next');
    assert.equal(escapeMarkdown('a & b'), 'a &amp; b');
  });

  test('inlineCode uses a fence longer than any backtick run and pads edge backticks', () => {
    assert.equal(inlineCode('state'), '`state`');
    assert.equal(inlineCode('a ``` b'), '````a ``` b````');
    assert.equal(inlineCode('`x`'), '`` `x` ``');
    assert.equal(inlineCode('two\nlines'), '`two lines`');
    assert.equal(cellCode('a|b'), '`a\\|b`');
  });

  test('fencedBlock fences longer than any backtick run inside, never shorter than three', () => {
    assert.equal(fencedBlock('{}', 'json'), '```json\n{}\n```');
    const inner = 'text with ```` four and\n```\nthree';
    const block = fencedBlock(inner, 'json');
    assert.ok(block.startsWith('`````json\n'));
    assert.ok(block.endsWith('\n`````'));
    // No line inside is a closing fence of that length.
    assert.ok(!inner.split('\n').some((l) => /^`{5,}\s*$/.test(l)));
  });

  test('clipJson and formatDuration', () => {
    assert.equal(clipJson({ a: 'x'.repeat(200) }, 20), `{"a":"${'x'.repeat(13)}…`);
    assert.equal(clipJson(undefined), 'undefined');
    assert.equal(formatDuration(850), '850 ms');
    assert.equal(formatDuration(12_400), '12.4 s');
    assert.equal(formatDuration(185_000), '3 min 05 s');
    assert.equal(formatDuration(7_620_000), '2 h 07 min');
    assert.equal(formatDuration(-1), '–');
  });
});
