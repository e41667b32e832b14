/** What the console-log parser (wweParser.ts) finds, and where it puts it. */

/** A notification: the message's `data`, on its channel, at its logged time. */
export interface WweNotification {
  line: number;
  at: number;
  channel: string;
  /**
   * The message's `data` as logged, whitespace outside strings removed: a JSON object, one line,
   * as UTF-8 (never parsed here). A view of the parser's buffer: valid only during the call.
   */
  json: Buffer;
}

/** A REST call with its answer, as the importer maps it. */
export interface WweRestCall {
  method: string;
  url: string;
  /** The `data` of the call: a JSON string or an object, as logged. */
  data: unknown;
  succeeded: boolean;
  /** SUCCEED: the response body; FAILED: the browser's request object (status, responseText, responseJSON...). */
  answer: unknown;
  sentAt: number;
  answeredAt: number;
}

/**
 * A REST call as the parser finds it: the request read from its `$.ajax` argument, the answer
 * checked as JSON but never built (the importer parses it, on its own thread).
 */
export interface WweRestFound extends Omit<WweRestCall, 'answer'> {
  line: number;
  /** The `$.ajax` argument, compact JSON text: the request is read from it again wherever it goes. */
  args: string;
  /** The answer's compact JSON bytes: a view of the parser's buffer, valid only during the call. */
  answer: Buffer;
}

/** What the parser found. */
export interface WweCounts {
  lines: number;
  notifications: number;
  restCalls: number;
  /** Lines that belong to no imported block: noise, and blocks that could not be read. */
  skipped: number;
  warnings: number;
}

/** Where found items go. */
export interface WweSink {
  notification(n: WweNotification): void;
  rest(call: WweRestFound): void;
}
