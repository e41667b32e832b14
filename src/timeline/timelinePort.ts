import type { ResourceKind } from '../model/gwsTypes';
import type { CaptureSession } from '../session/captureSession';
import type { Envelope, HostMessage, TimelineScope } from '../timelineProtocol';
import type { TimelineSessions } from './sessionSources';

/** The TimelineService's surroundings: what it calls out to, and its tuning. */

/** What the service needs from its surroundings (the panel adapter, or a test). */
export interface TimelinePort {
  post(message: Envelope<HostMessage>): void;
  /** Opens the editor diff of a resource of `session` at a record. */
  openDiff?(seq: number, kind: ResourceKind, id: string, session: CaptureSession): void;
  /** Exports the records of `session` with these seqs. */
  exportSeqs?(seqs: number[], session: CaptureSession): void;
  /** The session the view is about changed (its resource's session, else the timeline's own). */
  shownSession?(session: CaptureSession): void;
  log?(text: string): void;
}

/** Tuning, mostly for tests and benches. */
export interface TimelineServiceOptions {
  scope?: TimelineScope;
  /** Shortest time between two appends (default 100 ms: at most 10 posts a second). */
  appendIntervalMs?: number;
  /** Most rows an append carries (default 50). */
  appendRows?: number;
  /** Journal text the search workers keep in memory, in bytes, shared by the sessions open (default DEFAULT_TEXT_BUDGET, 64 MB). */
  textBudget?: number;
  /** Fill the text cache in the background after a snapshot (default true). */
  warmText?: boolean;
  /** The search worker's script (default: dist/searchWorker.js beside the bundle). */
  searchWorker?: string;
  /** The sessions an "All sessions" scope spans, with their links (default: this session only). */
  sessions?: TimelineSessions;
}

