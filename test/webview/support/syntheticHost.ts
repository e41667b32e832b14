import type { Page } from 'playwright-core';
import type { Envelope, HostMessage, TimelineRow, WebviewMessage } from '../../../src/timelineProtocol';
import { pagePoster } from './browser';

/** A hand-written host for the webview: synthetic rows (no journal), every request recorded, some held back on demand. */

const T0 = Date.UTC(2024, 4, 1, 10);
const row = (i: number): TimelineRow => ({ seq: i + 1, at: T0 + i, rec: 'message', channel: '/v2/me/calls', messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', resource: { kind: 'call', id: `c${i % 100}` }, state: 'Established', size: 700 });

/** Rows [start, start + count) of the synthetic source. */
export const rows = (start: number, count: number): TimelineRow[] => Array.from({ length: Math.max(0, count) }, (_, k) => row(start + k));

/** A host that serves `total` synthetic rows and records every request; `hold` keeps chosen requests unanswered (see `held`). */
export class SyntheticHost {
  total: number;
  generation = 1;
  readonly received: WebviewMessage[] = [];
  /** Requests `hold` kept back, to answer (reply) or leave unanswered. */
  readonly held: Array<Envelope<WebviewMessage>> = [];
  hold: (m: WebviewMessage) => boolean = () => false;
  private id = 1;
  post!: (m: Envelope<HostMessage>) => Promise<void>;
  constructor(total: number) {
    this.total = total;
  }
  async attach(page: Page): Promise<void> {
    this.post = pagePoster(page);
    await page.exposeFunction('__hostPost', (raw: Envelope<WebviewMessage>) => {
      this.received.push(raw.body);
      if (this.hold(raw.body)) {
        this.held.push(raw);
        return;
      }
      const reply = this.answer(raw.body);
      if (reply) void this.reply(raw, reply);
    });
  }
  event(body: HostMessage): Promise<void> {
    return this.post({ messageId: this.id++, body });
  }
  /** Posts `body` in reply to `request`. */
  reply(request: Envelope<WebviewMessage>, body: HostMessage): Promise<void> {
    return this.post({ messageId: this.id++, inReplyTo: request.messageId, body });
  }
  /** What this host answers to `m`, if anything. */
  answer(m: WebviewMessage): HostMessage | undefined {
    if (m.type === 'webview/ready' || m.type === 'view/filter/set') {
      const start = Math.max(0, this.total - 200);
      const filter = m.type === 'view/filter/set' ? m.filter : { text: '' };
      return { type: 'timeline/snapshot', sessionId: 's1', sessionLabel: 'synthetic', live: true, scope: { kind: 'all' }, filter, generation: this.generation, total: this.total, recordCount: this.total, page: { start, rows: rows(start, this.total - start) }, facets: { channels: ['/v2/me/calls'], messageTypes: ['CallStateChangeMessage'], notificationTypes: ['StatusChange'] }, selectedIndex: -1 };
    }
    if (m.type === 'rows/get') return { type: 'rows/page', generation: this.generation, start: m.start, rows: rows(m.start, Math.min(m.count, this.total - m.start)) };
    if (m.type === 'record/get') return { type: 'record/payload', seq: m.seq, text: '{}', bytes: 2, truncated: false };
    if (m.type === 'diff/get') return { type: 'diff/result', seq: m.seq, entries: [] };
    return undefined;
  }
}
