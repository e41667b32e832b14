import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTimeline, until, type TimelinePage } from './support/timelinePage';
import { timelineSuite } from './support/timelineSuite';

/** The built webview in headless Chromium, under the production CSP, against the real TimelineService. */

describe('timeline webview in Chromium', () => {
  const suite = timelineSuite(300);

  const open = (options: Parameters<typeof openTimeline>[3] = {}): Promise<TimelinePage> => suite.open(options);
  const text = (selector: string): Promise<string[]> => suite.current!.page.$$eval(selector, (els) => els.map((e) => e.textContent ?? ''));
  const home = async (): Promise<void> => {
    await suite.current!.page.focus('.vlist');
    await suite.current!.page.keyboard.press('Home');
    await suite.current!.page.waitForSelector('.row[data-seq="1"]');
  };

  test('posts ready first, renders the tail of a bounded snapshot, then asks for pages as rows come into view', async () => {
    const t = await open();
    const first = await t.posted();
    assert.equal(first[0].type, 'webview/ready');
    await t.page.waitForSelector('.row[data-seq="312"]');
    const listbox = await t.page.$eval('.vlist', (el) => [el.getAttribute('role'), el.getAttribute('aria-label')]);
    assert.deepEqual(listbox, ['listbox', 'Messages']);
    const rendered = await t.page.$$eval('.row', (rows) => rows.length);
    assert.ok(rendered > 20 && rendered < 80, `${rendered} rows in the DOM for 312`);
    assert.equal(await t.page.$eval('.row[data-seq="312"]', (el) => el.getAttribute('aria-setsize')), '312');
    assert.ok(!(await t.posted()).some((m) => m.type === 'rows/get'), 'the snapshot page covers the tail');
    await home();
    const requests = (await t.posted()).filter((m) => m.type === 'rows/get');
    assert.ok(requests.some((m) => m.type === 'rows/get' && m.start === 0), 'page 0 requested when scrolled to the top');
    assert.match((await text('.row[data-seq="1"] .cell.marker'))[0], /^connection: connected/);
    assert.match((await text('.row[data-seq="1"] .cell.time'))[0], /^\d\d:\d\d:\d\d\.\d{3}$/);
    assert.ok(await t.page.$('.row.row-gap[data-seq="11"]'));
    assert.match((await text('.row[data-seq="11"]'))[0], /GAP until .* reconnect/);
    assert.ok(await t.page.$('.row.row-error[data-seq="10"]'));
    assert.deepEqual(await text('.row[data-seq="10"] .cell.resource'), ['error → device d1, call c1']);
    assert.deepEqual(await text('.row[data-seq="10"] .cell.state'), ['Cannot retrieve']);
    assert.equal(await t.page.$eval('.row[data-seq="12"] .flag', (el) => el.getAttribute('title')), 'Malformed: no messageType');
    assert.deepEqual(await text('.row[data-seq="6"] .cell'), [await t.page.$eval('.row[data-seq="6"] .cell.time', (e) => e.textContent ?? ''), '/v2/me/calls', 'Call · StatusChange', 'call c1 5000', 'Established', '', '', (await text('.row[data-seq="6"] .cell.size'))[0]]);
  });

  test('selecting a participant-join message requests payload and diff and shows the participant by key', async () => {
    const t = await open();
    await home();
    await t.clickSeq(3);
    await t.page.waitForSelector('.participant-joined');
    assert.deepEqual(await text('.participant-joined'), ['+ boss (participantId=P-SUP)']);
    const posted = await t.posted();
    assert.ok(posted.some((m) => m.type === 'record/get' && m.seq === 3), 'payload requested on selection');
    assert.ok(posted.some((m) => m.type === 'diff/get' && m.seq === 3), 'diff requested on selection');
    assert.equal(await t.page.$eval('.row[data-seq="3"]', (el) => el.getAttribute('aria-selected')), 'true');
    await t.page.click('#tab-json');
    await t.page.waitForSelector('pre.json');
    const json = (await text('pre.json'))[0];
    assert.match(json, /"nickname": "boss"/);
    assert.ok(await t.page.$('vscode-button.copy-json'));
    await t.page.click('#tab-changes');
    await t.clickSeq(5);
    await t.page.waitForSelector('.participant-left');
    assert.deepEqual(await text('.participant-left'), ['− agent1 (participantId=P-AGENT)']);
  });

  test('a capability removed shows as chips, a state change as old and new values, unchanged fields folded', async () => {
    const t = await open();
    await home();
    await t.clickSeq(7);
    await t.page.waitForSelector('.capability-removed');
    assert.deepEqual(await text('.capability-removed'), ['− Hold']);
    assert.deepEqual(await text('.capability-added'), ['+ Retrieve']);
    const state = await t.page.$$eval('.change', (els) => els.filter((e) => e.querySelector('.path')?.textContent === 'state').map((e) => [e.querySelector('.before')?.textContent, e.querySelector('.after')?.textContent]));
    assert.deepEqual(state, [['"Established"', '"Held"']]);
    const folded = await t.page.$eval('details.unchanged', (d) => ({ open: (d as HTMLDetailsElement).open, summary: d.querySelector('summary')?.textContent, keys: [...d.querySelectorAll('.unchanged-field .path')].map((p) => p.textContent) }));
    assert.equal(folded.open, false);
    assert.match(folded.summary ?? '', /^\d+ unchanged fields$/);
    assert.ok(folded.keys.includes('userData') && !folded.keys.includes('state'));
    assert.equal(await t.page.$('.change-split'), null);
    await t.page.click('vscode-button.layout-split');
    await t.page.waitForSelector('.change-split');
    const states = await t.page.evaluate(() => (window as unknown as { __states: Array<{ layout?: string }> }).__states);
    assert.equal(states.at(-1)?.layout, 'split');
    await t.page.click('vscode-button.open-diff');
    await until(async () => t.host.opened, (o) => o.length > 0, 'diff/open');
    assert.deepEqual(t.host.opened, [{ seq: 7, kind: 'call', id: 'c1' }]);
  });

  test('a message with several devices lists each device in the all-traffic scope', async () => {
    const t = await open();
    await home();
    await t.clickSeq(9);
    await until(() => t.page.$$eval('.diff-entry', (els) => els.map((e) => e.getAttribute('data-resource'))), (v) => v.length === 2, 'two diff entries');
    assert.deepEqual(await t.page.$$eval('.diff-entry', (els) => els.map((e) => e.getAttribute('data-resource'))), ['device:d1', 'device:d2']);
    assert.deepEqual(await text('.diff-entry[data-resource="device:d1"] .change .path'), ['userState.state']);
    assert.deepEqual(await text('.diff-entry[data-resource="device:d2"] .note'), ['No change since the previous state.']);
  });

  test('an ErrorMessage links to the call and device it names; the call lists the error', async () => {
    const t = await open();
    await home();
    await t.clickSeq(10);
    await t.page.waitForSelector('.error-links .error-target');
    assert.deepEqual(await text('.error-links .error-target'), ['device d1', 'call c1']);
    await t.page.click('.error-links .error-target:has-text("call c1")');
    await t.page.waitForSelector('.view-resource .resource-head');
    assert.equal(await t.page.$eval('vscode-panels.detail', (el) => (el as HTMLElement & { activeid: string }).activeid), 'tab-resource');
    assert.match((await text('.view-resource .resource-head'))[0], /^call c1/);
    assert.deepEqual(await text('.view-resource .state-path .state'), ['Established', 'Held']);
    assert.match((await text('.view-resource .error-link'))[0], /^#10 .* Cannot retrieve$/);
    const requests = (await t.posted()).filter((m) => m.type === 'resource/get');
    assert.deepEqual(requests.at(-1), { type: 'resource/get', kind: 'call', id: 'c1' });
  });

  test('the transcript lists chat lines in index order, merged with state changes', async () => {
    const t = await open();
    await home();
    await t.clickSeq(4);
    await t.page.click('#tab-transcript');
    await t.page.waitForSelector('.view-transcript .transcript-line');
    assert.deepEqual(await text('.view-transcript .transcript-line .text'), ['first line', 'second line', 'third line']);
    assert.deepEqual(await text('.view-transcript .transcript-line .sender'), ['Cust (Customer)', 'agent1 (Agent)', 'Cust (Customer)']);
    const order = await t.page.$$eval('.view-transcript .transcript li', (els) => els.map((e) => (e.classList.contains('transcript-state') ? 'state' : e.getAttribute('data-index'))));
    assert.deepEqual(order, ['state', 'state', '1', '2', '3', 'state']);
  });

  test('filtering by text and by channel runs on the host and shows only the matching rows', async () => {
    const t = await open();
    await t.page.click('vscode-text-field.filter');
    await t.page.keyboard.type('f-29');
    await t.page.keyboard.press('Enter');
    await until(() => t.page.$eval('.row[data-seq]', (el) => el.getAttribute('aria-setsize')), (v) => v === '11', '11 rows for F-29');
    const filters = (await t.posted()).filter((m) => m.type === 'view/filter/set');
    assert.equal(filters.at(-1)?.type === 'view/filter/set' && filters.at(-1)?.filter.text, 'f-29');
    const seqs = await t.page.$$eval('.row[data-seq]', (els) => els.map((e) => Number(e.getAttribute('data-seq'))).sort((a, b) => a - b));
    assert.deepEqual(seqs, [42, ...Array.from({ length: 10 }, (_, i) => 303 + i)]);
    assert.match((await text('.status'))[0], /^11 of 312 rows/);
    await t.page.keyboard.press('Escape');
    await until(() => t.page.$eval('.row[data-seq]', (el) => el.getAttribute('aria-setsize')), (v) => v === '312', 'filter cleared');
    await t.page.click('vscode-dropdown.facet-channel');
    await t.page.click('vscode-dropdown.facet-channel vscode-option[value="/v2/me/devices"]');
    await until(() => t.page.$$eval('.row[data-seq]', (els) => els.map((e) => e.getAttribute('data-seq'))), (v) => v.join() === '8,9', 'device rows only');
    assert.deepEqual(await text('.row .cell.channel'), ['/v2/me/devices', '/v2/me/devices']);
  });

  test('keyboard: arrows move the selection, Enter opens the diff, / focuses the filter', async () => {
    const t = await open();
    await home();
    await t.page.keyboard.press('ArrowDown');
    await t.page.keyboard.press('ArrowDown');
    const active = await t.page.$eval('.vlist', (el) => el.getAttribute('aria-activedescendant'));
    assert.equal(active, 'row-2');
    assert.equal(await t.page.$eval('#row-2', (el) => [el.getAttribute('aria-selected'), el.getAttribute('role')].join()), 'true,option');
    await t.page.waitForSelector('.participant-joined');
    await t.page.keyboard.press('Enter');
    await until(async () => t.host.opened, (o) => o.length === 1, 'diff/open from Enter');
    assert.deepEqual(t.host.opened, [{ seq: 3, kind: 'chat', id: 'ch1' }]);
    await t.page.keyboard.press('/');
    assert.equal(await t.page.evaluate(() => document.activeElement?.tagName.toLowerCase()), 'vscode-text-field');
  });

  test('UI state is saved through setState and restored after a reload (the serializer path)', async () => {
    const t = await open();
    await home();
    await t.clickSeq(6);
    await t.page.click('#tab-json');
    await t.page.waitForSelector('pre.json');
    const saved = await t.page.evaluate(() => (window as unknown as { __states: unknown[] }).__states.at(-1));
    assert.deepEqual((saved as { selectedSeq: number; tab: string }).selectedSeq, 6);
    assert.equal((saved as { tab: string }).tab, 'json');
    assert.deepEqual(await t.violations(), []);
    await t.close();
    suite.forget();
    const again = await open({ state: { ...(saved as object), filter: { text: 'c1' } } });
    const ready = (await again.posted())[0];
    assert.ok(ready.type === 'webview/ready' && ready.selectedSeq === 6 && ready.filter?.text === 'c1');
    await again.page.waitForSelector('.row.selected[data-seq="6"]');
    assert.equal(await again.page.$eval('vscode-text-field.filter', (el) => (el as HTMLInputElement).value), 'c1');
    await again.page.waitForSelector('pre.json');
    assert.equal(await again.page.$eval('vscode-panels.detail', (el) => el.getAttribute('activeid')), 'tab-json');
  });
});
