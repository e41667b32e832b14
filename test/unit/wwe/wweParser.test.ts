import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseLogLine, withoutLocation } from '../../../src/wwe/logLine';
import { LineSplitter } from '../../../src/capture/lineSplitter';
import type { WweNotification, WweRestCall } from '../../../src/wwe/wweFound';
import { requestOf } from '../../../src/wwe/ajaxRequest';
import { WweParser } from '../../../src/wwe/wweParser';

/** Parses `text` as the importer reads a file, in chunks of `chunk` bytes, and returns what came out. */
function parse(text: string, chunk = 1 << 20): { notes: WweNotification[]; calls: Array<WweRestCall & { line: number }>; parser: WweParser } {
  const notes: WweNotification[] = [];
  const calls: Array<WweRestCall & { line: number }> = [];
  // A notification's bytes are the parser's until the call returns: kept as a copy. An answer is
  // checked JSON, parsed as the importer parses it; the argument's text gives the request again.
  const parser = new WweParser({
    notification: (n) => notes.push({ ...n, json: Buffer.from(n.json) }),
    rest: ({ args, answer, ...c }) => {
      assert.deepEqual(requestOf(JSON.parse(args)), { method: c.method, url: c.url, data: c.data });
      calls.push({ ...c, answer: JSON.parse(answer.toString('utf8')) });
    },
  });
  const bytes = Buffer.from(text, 'utf8');
  const splitter = new LineSplitter();
  for (let at = 0; at < bytes.length; at += chunk) splitter.pushLines(bytes.subarray(at, at + chunk), (run, first) => parser.lines(run, first));
  const tail = splitter.end();
  if (tail) parser.lines(tail.bytes, tail.line);
  parser.end();
  return { notes, calls, parser };
}

const T = (hms: string): number => Date.parse(`2024-05-01T${hms}Z`);

describe('WWE log lines', () => {
  test('Chrome, Firefox and mixed forms give the same time, level, logger and text; times are read as UTC', () => {
    for (const line of [
      'main.js?version=:2 2024-05-01 10:42:07.050 [INFO ] [WWE.Voice.Commands] Command: \'Answer\' sent in 0.05s',
      '2024-05-01 10:42:07.050 [INFO ] [WWE.Voice.Commands] Command: \'Answer\' sent in 0.05s main.js:2:164635',
      ' main.js:2:1 2024-05-01 10:42:07.050 [INFO ] [WWE.Voice.Commands] Command: \'Answer\' sent in 0.05s main.js:2:164635',
      '2024-05-01 10:42:07.050 [INFO ] [WWE.Voice.Commands] Command: \'Answer\' sent in 0.05s',
    ]) {
      const l = parseLogLine(line);
      assert.deepEqual(l && { at: l.at, level: l.level, logger: l.logger, text: l.text }, { at: T('10:42:07.050'), level: 'INFO', logger: 'WWE.Voice.Commands', text: "Command: 'Answer' sent in 0.05s" }, line);
    }
  });

  test('a date inside a JSON string or after other words is no log line', () => {
    assert.equal(parseLogLine('\t"text": "2024-05-01 10:42:07.050 [INFO ] [A.B] x"'), undefined);
    assert.equal(parseLogLine('said at 2024-05-01 10:42:07.050 [INFO ] [A.B] x'), undefined);
    assert.equal(parseLogLine('2024-13-01 10:42:07.050 [INFO ] [A.B] x'), undefined);
    assert.equal(withoutLocation('{"x": "a.js:1"}'), '{"x": "a.js:1"}');
  });
});

describe('WweParser', () => {
  test('a notification is the JSON on the next log line, up to its matching brace, at the time of its "Message received" line', () => {
    const { notes, parser } = parse([
      '2024-05-01 10:00:00.000 [DEBUG] [WWE.Voice] Message received from /v2/me/calls main.js:2:1',
      '2024-05-01 10:00:00.004 [TRACE] [WWE.Voice] {',
      '\t"a": "} not the end {",',
      '\t"b": [1, {"c": "\\"}"}]',
      '} main.js:2:164635',
      'noise',
    ].join('\n'));
 assert.deepEqual(notes.map((n) => ({ ...n, json: n.json.toString() })), [{ line: 1, at: T('10:00:00.000'), channel: '/v2/me/calls', json: '{"a":"} not the end {","b":[1,{"c":"\\"}"}]}' }]);
    assert.deepEqual(JSON.parse(notes[0].json.toString()), { a: '} not the end {', b: [1, { c: '"}' }] });
    assert.deepEqual(parser.counts, { lines: 6, notifications: 1, restCalls: 0, skipped: 1, warnings: 0 });
  });

  test('a REST call takes its times from a "sent in" line just before it, else from the nearest earlier line', () => {
    const { calls } = parse([
      "2024-05-01 10:00:01.000 [INFO ] [WWE.Cmd] Command: 'ChangeState' sending",
      "2024-05-01 10:00:01.250 [INFO ] [WWE.Cmd] Command: 'ChangeState' sent in 0.25s",
      '$.ajax({"type":"POST","url":"/api/v2/me/channels/voice","data":"{\\"operationName\\":\\"NotReady\\"}"}) with { Authorization: agent1:... }',
      'SUCCEED with:',
      '{',
      '\t"statusCode": 0',
      '}',
      '2024-05-01 10:00:02.000 [INFO ] [WWE.X] other',
      '$.ajax("/api/v2/me") FAILED with:',
      '{"readyState": 4, "status": 401, "statusText": "Unauthorized", "responseText": ""}',
    ].join('\n'));
    assert.deepEqual(calls.map((c) => [c.method, c.url, c.succeeded, c.sentAt, c.answeredAt]), [
      ['POST', '/api/v2/me/channels/voice', true, T('10:00:01.000'), T('10:00:01.250')],
      ['GET', '/api/v2/me', false, T('10:00:02.000'), T('10:00:02.000')],
    ]);
    assert.deepEqual(calls[0].answer, { statusCode: 0 });
    assert.equal(calls[0].data, '{"operationName":"NotReady"}');
  });

  test("WWE's own timestamped \"SUCCEED with:\" and JSON dumps are noise; broken blocks are warnings with their line", () => {
    const { notes, calls, parser } = parse([
      '2024-05-01 10:00:00.000 [DEBUG] [WWE.Ajax] SUCCEED with:',
      '{"password": "x"}',
      '2024-05-01 10:00:01.000 [DEBUG] [WWE.Voice] Message received from /v2/me/calls',
      '2024-05-01 10:00:01.000 [TRACE] [WWE.Voice] {',
      '\t"cut": "short"',
      '2024-05-01 10:00:02.000 [DEBUG] [WWE.Voice] Message received from /v2/me/devices',
      '2024-05-01 10:00:02.000 [TRACE] [WWE.Voice] not json',
      '$.ajax({"url": "/api/v2/me"})',
      '2024-05-01 10:00:03.000 [DEBUG] [WWE.Voice] later',
      '$.ajax({"url": "/api/v2/me"}) SUCCEED with:',
      '{"unbalanced": [}',
    ].join('\n'));
    assert.deepEqual([notes.length, calls.length], [0, 0]);
    assert.deepEqual(parser.warnings, [
      'line 3: notification JSON is cut short by line 6; skipped',
      'line 6: notification on /v2/me/devices without its JSON on the next log line; skipped',
      'line 8: REST call without SUCCEED or FAILED after it; skipped',
      'line 10: REST answer JSON is cut short by the end of the file; skipped',
    ]);
    assert.equal(parser.counts.skipped, 11);
  });

  test('fuzz: truncated blocks, unbalanced braces, CRLF, a 1 MB line and binary garbage never throw and never hang', { timeout: 60_000 }, () => {
    const pieces = fc.constantFrom(
      '2024-05-01 10:00:00.000 [DEBUG] [WWE.Voice] Message received from /v2/me/calls',
      '2024-05-01 10:00:00.001 [TRACE] [WWE.Voice] {',
      "2024-05-01 10:00:00.002 [INFO ] [WWE.Cmd] Command: 'Answer' sent in 0.05s",
      '$.ajax({"type":"POST","url":"/api/v2/me/calls/1","data":"{\\"operationName\\":\\"Answer\\"}"})',
      '$.ajax("/api/v2/me") SUCCEED with:', 'SUCCEED with:', 'FAILED with:', '{', '}', '[', ']', '"', '\\', '\t"a": "b",', '{"statusCode": 0}', '} main.js:2:1', '',
    );
    const garbage = fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('latin1'));
    const line = fc.oneof({ weight: 6, arbitrary: pieces }, { weight: 2, arbitrary: fc.string({ maxLength: 40 }) }, { weight: 1, arbitrary: garbage });
    const file = fc.tuple(fc.array(line, { maxLength: 40 }), fc.boolean(), fc.nat()).map(([lines, crlf, cut]) => {
      const text = lines.join(crlf ? '\r\n' : '\n');
      return text.slice(0, text.length - (cut % (text.length + 1)) / 2);
    });
    fc.assert(
      fc.property(file, fc.integer({ min: 1, max: 64 }), (text, chunk) => {
        const whole = parse(text);
        const { parser } = whole;
        assert.equal(parser.counts.lines, text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0));
        assert.ok(parser.counts.skipped <= parser.counts.lines);
        assert.equal(parser.counts.warnings, parser.warnings.length);
        // Where the file's chunks happen to end changes nothing.
        const chunked = parse(text, chunk);
        assert.deepEqual([chunked.notes, chunked.calls, chunked.parser.warnings, chunked.parser.counts], [whole.notes, whole.calls, parser.warnings, parser.counts]);
      }),
      { numRuns: 400 },
    );
    const mega = `2024-05-01 10:00:00.000 [TRACE] [WWE.Voice] ${'{"a":'.repeat(1000)}${'x'.repeat(1024 * 1024)}`;
    const { parser } = parse(['2024-05-01 10:00:00.000 [DEBUG] [WWE.Voice] Message received from /v2/me/calls', mega, `$.ajax(${'['.repeat(200_000)}`, 'x'.repeat(1024 * 1024)].join('\n'));
    assert.equal(parser.counts.notifications, 0);
    assert.deepEqual(parser.warnings, ['line 1: notification JSON is cut short by line 3; skipped', 'line 3: REST call whose $.ajax argument is neither an object nor a URL string; skipped']);
  });
});
