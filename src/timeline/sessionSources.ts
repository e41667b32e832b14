import { JournalFile } from '../capture/journalFile';
import type { RowFindingsView } from '../findings/rowFindings';
import { findLinks, twinsOf } from '../links/resourceLinks';
import type { ResourceKind } from '../model/gwsTypes';
import type { CaptureSession, SessionChange } from '../session/captureSession';
import type { SessionTag } from '../timelineProtocol';
import { RequestFailedError } from '../timelineRequests';
import type { Disposable, Event } from '../util/emitter';
import { RowFacts } from './rowFacts';
import { prettyPayload } from './rowSummary';
import { DEFAULT_TEXT_BUDGET, JournalText } from './textSearch';

/**
 * What a timeline reads from each session it shows: the row facts, the journal (payloads, diffs,
 * detail) and the text search, whose worker owns that one journal, so a view across sessions runs
 * one worker per session. Sources are made when first needed and dropped with their session.
 */

/** A twin of a resource: the same call or chat seen by another session. */
export interface TwinRef {
  session: CaptureSession;
  kind: ResourceKind;
  id: string;
}

/** The sessions a timeline may span, and the links between them (the extension's SessionManager and src/links). */
export interface TimelineSessions {
  /** Every open session, in the order the tree lists them. */
  all(): readonly CaptureSession[];
  /** A session was opened or closed. */
  readonly onDidChange: Event<void>;
  /** The twins of `kind`/`id` of `session` (never in `session` itself). */
  twinsOf?(session: CaptureSession, kind: ResourceKind, id: string): TwinRef[];
  /** The findings of `session` (the extension's engines), for row markers and `is:finding`. */
  findingsOf?(session: CaptureSession): RowFindingsView | undefined;
}

/** The twins of `session`'s `kind`/`id` among `sessions`, from src/links (index facts, never payloads). */
export function linkedTwins(sessions: readonly CaptureSession[], session: CaptureSession, kind: ResourceKind, id: string): TwinRef[] {
  const links = findLinks(sessions.map((s) => ({ session: s.id, label: s.label, tracker: s.tracker })));
  return twinsOf(links, session.id, kind, id).flatMap((t) => {
    const twin = sessions.find((s) => s.id === t.session);
    return twin ? [{ session: twin, kind: t.kind, id: t.id }] : [];
  });
}

/** Options of the text search's workers. */
export interface TextOptions {
  budget?: number;
  script?: string;
}

/** One session as a timeline reads it. */
export class SessionSource {
  private factsNow: RowFacts;
  private reader: JournalFile | undefined;
  private textNow: JournalText | undefined;

  constructor(readonly session: CaptureSession, private readonly textOptions: TextOptions, private readonly findingsNow: () => RowFindingsView | undefined = () => undefined) {
    this.factsNow = RowFacts.of(session.tracker);
  }

  /** The session's findings now (a Clear replaces them with the tracker). */
  findings(): RowFindingsView | undefined {
    return this.findingsNow();
  }

  get facts(): RowFacts {
    return this.factsNow;
  }

  /** The tag rows of this session carry in views across sessions. */
  get tag(): SessionTag {
    return { id: this.session.id, label: this.session.label };
  }

  journal(): JournalFile {
    return (this.reader ??= new JournalFile(this.session.journalPath));
  }

  text(): JournalText {
    return (this.textNow ??= new JournalText(this.session.journalPath, this.factsNow, this.textOptions));
  }

  /** The pretty-printed payload of record `seq` (empty when the seq is unknown). */
  async payload(seq: number): Promise<{ text: string; bytes: number; truncated: boolean }> {
    const entry = this.session.tracker.entryAt(seq);
    return entry ? prettyPayload(await this.journal().readRaw(entry.offset, entry.length), entry.length) : { text: '', bytes: 0, truncated: false };
  }

  /** The session's tracker was replaced (Clear): nothing read so far holds. */
  reset(): void {
    this.dispose();
    this.factsNow = RowFacts.of(this.session.tracker);
  }

  dispose(): void {
    this.reader?.close();
    this.textNow?.dispose();
    this.reader = undefined;
    this.textNow = undefined;
  }
}

/** The sources of one timeline, by session. */
export class SessionSources {
  private readonly byId = new Map<string, SessionSource>();
  private readonly watched = new Map<CaptureSession, Disposable>();

  constructor(private readonly home: CaptureSession, private readonly sessions: TimelineSessions | undefined, private readonly textOptions: TextOptions) {}

  /** Every open session (the home one when there is no directory). */
  all(): readonly CaptureSession[] {
    const all = this.sessions?.all() ?? [];
    return all.includes(this.home) ? all : [this.home, ...all];
  }

  /** The open session with `id`, or undefined. */
  find(id: string): CaptureSession | undefined {
    return this.all().find((s) => s.id === id);
  }

  /** The open session with `id` (absent: `fallback`); a request naming a closed one is refused. */
  resolve(id: string | undefined, fallback: CaptureSession): CaptureSession {
    const session = id === undefined ? fallback : this.find(id);
    if (!session) throw new RequestFailedError('refused', 'that session is no longer open');
    return session;
  }

  twinsOf(session: CaptureSession, kind: ResourceKind, id: string): TwinRef[] {
    return (this.sessions?.twinsOf?.(session, kind, id) ?? []).filter((t) => t.session !== session && this.all().includes(t.session));
  }

  /** The source of `session`, made on first use. */
  of(session: CaptureSession): SessionSource {
    let source = this.byId.get(session.id);
    if (!source || source.session !== session) {
      source?.dispose();
      // The text cache budget is the timeline's, shared by its workers (one per session open when made).
      const budget = Math.floor((this.textOptions.budget ?? DEFAULT_TEXT_BUDGET) / Math.max(1, this.all().length));
      this.byId.set(session.id, (source = new SessionSource(session, { ...this.textOptions, budget }, () => this.sessions?.findingsOf?.(session))));
    }
    return source;
  }

  /** The source of `session` if one was made. */
  peek(session: CaptureSession): SessionSource | undefined {
    const source = this.byId.get(session.id);
    return source?.session === session ? source : undefined;
  }

  /** Drops the sources of sessions no longer open. */
  prune(): void {
    const open = new Set(this.all());
    for (const [id, source] of this.byId) {
      if (open.has(source.session)) continue;
      source.dispose();
      this.byId.delete(id);
    }
  }

  /** Listens to the changes of exactly `sessions` (those already followed keep their listener). */
  watch(sessions: Iterable<CaptureSession>, listener: (session: CaptureSession, change: SessionChange) => void): void {
    const wanted = new Set(sessions);
    for (const [session, d] of this.watched) if (!wanted.has(session)) (d.dispose(), this.watched.delete(session));
    for (const session of wanted) if (!this.watched.has(session)) this.watched.set(session, session.onDidChange((change) => listener(session, change)));
  }

  dispose(): void {
    this.watch([], () => undefined);
    for (const source of this.byId.values()) source.dispose();
    this.byId.clear();
  }
}
