import { LANE_PAGE, type Lane, type LanesPage, type LanesReply, type LanesRequest } from '../../src/lanesProtocol';
import { failureText } from '../hostChannel';

/**
 * The lanes the webview holds: pages of LANE_PAGE lanes asked for as they come into sight, each
 * with its own names table, dropped together when the host's lane list changes (a new `key`). One
 * request per page at a time; a failed page is asked for again when next in sight.
 */

/** A lane as held: its page's names resolve its state and type indexes. */
export interface HeldLane {
  lane: Lane;
  names: readonly string[];
}

/** What the store needs from the view. */
export interface LaneStoreHost {
  request(body: LanesRequest): Promise<LanesReply>;
  /** A page arrived or the list changed: draw again. */
  changed(page: LanesPage, reset: boolean): void;
  failed(why: string): void;
}

/** Pages of lanes; see the module comment. */
export class LaneStore {
  key = -1;
  total = 0;
  private pages = new Map<number, { lanes: Lane[]; names: string[] }>();
  private asked = new Set<number>();

  constructor(private readonly host: LaneStoreHost) {}

  /** Lane `index`, if its page is here. */
  get(index: number): HeldLane | undefined {
    const page = this.pages.get(Math.floor(index / LANE_PAGE));
    const lane = page?.lanes[index % LANE_PAGE];
    return lane && page ? { lane, names: page.names } : undefined;
  }

  /** Every lane held (the legend reads their states). */
  *held(): IterableIterator<HeldLane> {
    for (const page of this.pages.values()) for (const lane of page.lanes) yield { lane, names: page.names };
  }

  /** Asks for the pages of lanes [first, last] not held yet. */
  want(first: number, last: number): void {
    if (last < first) return;
    for (let p = Math.floor(first / LANE_PAGE); p <= Math.floor(last / LANE_PAGE); p++) if (!this.pages.has(p)) void this.load(p);
  }

  /** Asks again for the pages holding lanes [first, last] (the capture grew), keeping what is drawn until the answers come. */
  reload(first: number, last: number, focus?: LanesRequest['focus']): Promise<LanesPage | undefined> {
    const pages: number[] = [];
    for (let p = Math.floor(Math.max(0, first) / LANE_PAGE); p <= Math.floor(Math.max(0, last) / LANE_PAGE); p++) pages.push(p);
    if (pages.length === 0) pages.push(0);
    return Promise.all(pages.map((p, i) => this.load(p, i === 0 ? focus : undefined, true))).then((all) => all[0]);
  }

  /** Asks for page `p`; resolves with it (undefined when it failed). */
  load(p: number, focus?: LanesRequest['focus'], force = false): Promise<LanesPage | undefined> {
    if (this.asked.has(p) && !force && !focus) return Promise.resolve(undefined);
    this.asked.add(p);
    const body: LanesRequest = { type: 'lanes/get', start: p * LANE_PAGE, count: LANE_PAGE, ...(focus ? { focus } : {}) };
    return this.host.request(body).then(
      (reply) => {
        this.asked.delete(p);
        const reset = reply.key !== this.key;
        if (reset) {
          this.pages.clear();
          this.asked.clear();
          this.key = reply.key;
        }
        this.total = reply.total;
        this.pages.set(p, { lanes: reply.lanes, names: reply.names });
        this.host.changed(reply, reset);
        return reply;
      },
      (err: unknown) => {
        this.asked.delete(p);
        const why = failureText(err);
        if (why !== undefined) this.host.failed(why);
        return undefined;
      },
    );
  }
}
