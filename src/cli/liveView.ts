import type { IndexEntry } from '../indexing/indexEntry';
import type { ResourceTracker } from '../tracker/resourceTracker';
import { plural } from '../util/wording';

/** The terminal's live view: one line per record (optional) and a status line kept at the bottom. */
export class LiveView {
  private state = 'connecting';
  private detail = '';
  private lastCount = 0;
  private lastTick = Date.now();
  private rate = 0;
  private gaps = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly tty: boolean;
  private stopped = false;

  constructor(private readonly tracker: ResourceTracker, private readonly out: NodeJS.WriteStream, private readonly lines: boolean) {
    this.tty = Boolean(out.isTTY);
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), 500);
    this.timer.unref();
  }

  setState(state: string, detail?: string): void {
    // Late state changes (the disconnect while stopping) must not land inside the final report.
    if (this.stopped) return;
    this.state = state;
    this.detail = detail ?? '';
    if (!this.tty) this.out.write(`[${state}]${detail ? ` ${detail}` : ''}\n`);
    this.render();
  }

  /** Prints the records of a batch (when line output is on) above the status line. */
  show(entries: readonly IndexEntry[]): void {
    for (const e of entries) if (e.rec === 'gap') this.gaps++;
    if (!this.lines) return;
    this.clear();
    for (const e of entries.slice(-200)) this.out.write(`${formatEntry(e)}\n`);
    this.render();
  }

  /** Ends the view: the status line is cleared, since the final report says the same once. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.stopped = true;
    this.clear();
  }

  private tick(): void {
    const now = Date.now();
    const count = this.tracker.messageCount;
    this.rate = ((count - this.lastCount) * 1000) / Math.max(1, now - this.lastTick);
    this.lastCount = count;
    this.lastTick = now;
    this.render();
  }

  private clear(): void {
    if (this.tty) this.out.write('\r\x1b[2K');
  }

  private render(): void {
    if (!this.tty || this.stopped) return;
    const resources = this.tracker.resourceCount;
    const text = `${this.state} | ${plural(this.tracker.messageCount, 'message')} | ${this.rate.toFixed(1)}/s | ${plural(resources, 'resource')} | ${this.tracker.malformedCount} malformed | ${plural(this.gaps, 'gap')}${this.detail ? ` | ${this.detail}` : ''}`;
    const width = this.out.columns || 120;
    this.clear();
    this.out.write(text.length > width - 1 ? `${text.slice(0, width - 2)}…` : text);
  }
}

/** Hostile payloads may carry terminal escape sequences: show control characters as '?'. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
}

function formatOperationFacts(e: IndexEntry): string {
  const f = e.operation;
  if (f?.kind === 'request') return `${f.operation} ${f.targetKind}${f.targetId ? `:${f.targetId}` : ''}`;
  if (f?.kind === 'response') return `response to #${f.request}: HTTP ${f.status}${f.statusCode !== undefined ? ` statusCode ${f.statusCode}` : ''}${f.failed ? ` (${f.failed})` : ''}`;
  return e.rec;
}

/** One human line for a record: time, channel, type, resource and state, made safe for a terminal. */
export function formatEntry(e: IndexEntry): string {
  return printable(formatRaw(e));
}

function formatRaw(e: IndexEntry): string {
  const time = e.at ? new Date(e.at).toISOString().slice(11, 23) : '--:--:--.---';
  switch (e.rec) {
    case 'message': {
      const ref = e.refs[0];
      const res = ref ? `${ref.kind} ${ref.id}${ref.state ? ` → ${ref.state}` : ''}${e.refs.length > 1 ? ` (+${e.refs.length - 1})` : ''}` : '';
      const type = [e.messageType ?? '(no messageType)', e.notificationType].filter(Boolean).join('/');
      return `${time}  ${e.channel ?? ''}  ${type}  ${res}${e.malformed ? `  MALFORMED: ${e.malformed}` : ''}`;
    }
    case 'event':
      return `${time}  -- ${e.event ?? 'event'}${e.subject ? ` ${e.subject}` : ''}`;
    case 'gap':
      return `${time}  == GAP until ${e.until ? new Date(e.until).toISOString().slice(11, 23) : '?'}`;
    case 'snapshot':
      return `${time}  == snapshot: ${plural(e.refs.length, 'resource')} from REST`;
    case 'bad-line':
      return `${time}  !! unreadable line: ${e.malformed ?? ''}`;
    case 'request':
    case 'response':
      return `${time}  >> ${formatOperationFacts(e)}`;
  }
}
