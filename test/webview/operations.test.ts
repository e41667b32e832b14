import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureRecord } from '../../src/capture/records';
import { callMsg } from '../unit/timeline/helpers';
import { sharedChromium } from './support/browser';
import { openCapture } from './support/fixtures';
import { pageServerSuite } from './support/timelineSuite';
import { openTimeline, until } from './support/timelinePage';

/**
 * Operations in the real page over the real host: the request and response rows, the operation
 * line (outcome in words, the link that selects its effect), "caused by" on the effect, and a
 * hostile response body and statusMessage shown as text, never as markup.
 */

const T0 = Date.parse('2024-05-01T10:00:00.000Z');
const at = (ms: number): string => new Date(T0 + ms).toISOString();
const CORPUS = [
  '<img src=x onerror="window.__pwned=1;alert(1)">',
  '<script>window.__pwned=2;alert(2)</script>',
  '"><svg onload="window.__pwned=3;alert(3)">',
  '</pre><style>*{display:none}</style><b onmouseover=window.__pwned=6>x</b>',
];

function records(): CaptureRecord[] {
  return [
    callMsg(1, 'C1', 'Ringing'),
    { kind: 'request', seq: 2, at: at(10), method: 'POST', path: '/api/v2/me/calls/C1', operation: 'Answer', target: { kind: 'call', id: 'C1' }, body: { operationName: 'Answer' } },
    { kind: 'response', seq: 3, request: 2, at: at(22), status: 200, elapsedMs: 12, statusCode: 0, body: { statusCode: 0, echo: CORPUS } },
    { ...callMsg(4, 'C1', 'Established'), receivedAt: at(105) },
    { kind: 'request', seq: 5, at: at(200), method: 'POST', path: '/api/v2/me/calls/C1', operation: 'Hold', target: { kind: 'call', id: 'C1' }, body: { operationName: 'Hold', [CORPUS[0]]: CORPUS[1] } },
    { kind: 'response', seq: 6, request: 5, at: at(210), status: 400, elapsedMs: 10, statusCode: 3, statusMessage: CORPUS[3], text: CORPUS.join('\n') },
  ];
}

const server = pageServerSuite();

test('an operation shows its outcome and links its effect; the effect says what caused it; server text stays text', async () => {
  const capture = await openCapture(records());
  const t = await openTimeline(await sharedChromium(), server, capture.session);
  const dialogs: string[] = [];
  t.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const line = (): Promise<string> => t.page.$eval('.operation-line', (e) => (e.hasAttribute('hidden') ? '' : e.textContent ?? ''));
  try {
    await t.page.waitForSelector('.row[data-seq="2"]');
    assert.match(await t.page.$eval('.row[data-seq="2"] .cell.marker', (e) => e.textContent ?? ''), /^→ Answer call C1 · POST \/api\/v2\/me\/calls\/C1$/);
    assert.match(await t.page.$eval('.row[data-seq="3"] .cell.marker', (e) => e.textContent ?? ''), /^← Answer call C1: HTTP 200 · statusCode 0 · 12 ms$/);

    await t.clickSeq(2);
    await until(line, (s) => s.includes('accepted'), 'the operation line of the request');
    assert.equal(await t.page.$eval('.op-words', (e) => e.textContent), 'Answer → accepted in 12 ms → Established 95 ms later');
    // The link selects the message that was the effect, which says what caused it.
    await t.page.click('.operation-line .effect-link');
    await until(() => t.page.$eval('.row.selected', (e) => e.getAttribute('data-seq')), (s) => s === '4', 'the effect selected');
    await until(line, (s) => s.startsWith('caused by'), 'caused by');
    assert.equal((await line()).trim(), 'caused by Answer (#2) on call:C1');
    await t.page.click('.operation-line .cause-link');
    await until(() => t.page.$eval('.row.selected', (e) => e.getAttribute('data-seq')), (s) => s === '2', 'the request selected');

    // A plain notification no operation caused: no line.
    await t.clickSeq(1);
    await until(line, (s) => s === '', 'no operation line');

    // A refused operation: its hostile statusMessage and response text shown as text.
    await t.clickSeq(6);
    await until(line, (s) => s.includes('refused'), 'the refused operation');
    assert.equal(await t.page.$eval('.op-message', (e) => e.textContent), `statusMessage: ${CORPUS[3]}`);
    await t.page.$eval('.op-records', (d) => ((d as HTMLDetailsElement).open = true));
    const response = await t.page.$eval('.op-response', (e) => e.textContent ?? '');
    for (const s of CORPUS) assert.ok(response.includes(JSON.stringify(s).slice(1, -1)), `the response text holds ${s}`);
    await t.clickSeq(3);
    await until(line, (s) => s.includes('Established'), 'the response row shows the operation too');
    const counts = await t.page.evaluate(() => ({ img: document.querySelectorAll('img').length, b: document.querySelectorAll('b').length, style: document.body.querySelectorAll('style').length, svg: document.querySelectorAll('svg').length }));
    assert.deepEqual(counts, { img: 0, b: 0, style: 0, svg: 0 }, 'nothing injected');
    assert.equal(await t.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? 0), 0, 'nothing ran');
    assert.deepEqual(dialogs, []);
    assert.deepEqual(await t.violations(), []);

    // The one filter parser: operations only.
    await t.page.click('vscode-text-field.filter');
    await t.page.keyboard.type('is:operation');
    await t.page.keyboard.press('Enter');
    await until(() => t.page.$$eval('.row[data-seq]', (rows) => rows.map((r) => r.getAttribute('data-seq')).join(',')), (s) => s === '2,3,5,6', 'the operation rows only');
    assert.match(await t.page.$eval('vscode-text-field.filter', (e) => e.getAttribute('title') ?? ''), /is:operation/);
  } finally {
    await t.close();
    capture.cleanup();
  }
});
