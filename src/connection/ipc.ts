import type { RedactOptions } from '../exchange/redaction';
import type { PackedIndex } from '../indexing/packedIndex';
import type { OperationRequest } from '../operations/operationRequest';
import type { ConnectionFailure } from './connectionErrors';
import type { CometdSessionOptions, SessionState } from './cometdSession';

/** Everything the connection process needs to connect and record. Crosses IPC, never env or argv. */
export interface ConnectionStartOptions extends CometdSessionOptions {
  journalPath: string;
  /** The user name to put in the journal header (never the password). */
  userLabel: string | null;
  flushIntervalMs?: number;
  /** How often index batches go to the host (default 50 ms). */
  batchIntervalMs?: number;
  toolVersion: string;
}

/** Host → connection process. */
export type HostToChild =
  | { type: 'start'; options: ConnectionStartOptions }
  | { type: 'subscribe'; channel: string }
  | { type: 'unsubscribe'; channel: string }
  | { type: 'startContactCenterSession'; id: number; channels: string[] }
  /** Sends one operation and journals it; the reply's result is an OperationReply. */
  | { type: 'operation'; id: number; request: OperationRequest; timeoutMs?: number; redact?: RedactOptions }
  | { type: 'flush'; id: number }
  /** Close the journal and continue into a new one, without reconnecting. */
  | { type: 'rotate'; id: number; journalPath: string }
  | { type: 'stop' };

/** The answer to an `operation` message: what the response record says (the body stays in the journal). */
export interface OperationReply {
  requestSeq: number;
  responseSeq: number;
  status: number;
  statusCode?: number;
  statusMessage?: string;
  referenceId?: string | number;
  elapsedMs: number;
  /** Why no answer came (network, TLS, timeout). */
  error?: string;
}

/** Connection process → host. */
export type ChildToHost =
  | { type: 'started'; user: string | null; journalPath: string }
  | { type: 'state'; state: SessionState; detail?: string }
  /** Entries of the journal at `journalPath`: after a rotate, late batches of the old one are dropped. */
  | { type: 'index'; journalPath: string; batch: PackedIndex; counts: Record<string, number> }
  | { type: 'failure'; failure: ConnectionFailure; fatal: boolean }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; text: string }
  | { type: 'reply'; id: number; ok: boolean; result?: unknown; error?: string }
  | { type: 'stopped' };
