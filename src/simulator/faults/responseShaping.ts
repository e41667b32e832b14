/**
 * Bad networks, simulated on a response the CometD server has already built: the body trickled
 * a few bytes at a time, or the connection reset part-way through the body.
 */
import type { ServerResponse } from 'node:http';

/** How to write one response body. */
export type ResponseShape =
  | { kind: 'trickle'; bytes: number; intervalMs: number }
  | { kind: 'reset'; fraction: number };

/** `end` is the response's original end(): it finishes the response the normal way. */
type End = (chunk?: Buffer) => void;

/** Writes `body` as `shape` says, then ends the response (trickle) or destroys its connection (reset). */
export function writeShaped(res: ServerResponse, end: End, body: Buffer, shape: ResponseShape): void {
  if (!res.headersSent) res.setHeader('Content-Length', body.length);
  if (shape.kind === 'trickle') trickle(res, end, body, Math.max(1, Math.floor(shape.bytes)), Math.max(0, shape.intervalMs));
  else reset(res, body, Math.min(0.99, Math.max(0, shape.fraction)));
}

function trickle(res: ServerResponse, end: End, body: Buffer, bytes: number, intervalMs: number): void {
  let at = 0;
  const step = (): void => {
    if (res.destroyed) return;
    if (at >= body.length) {
      end();
      return;
    }
    res.write(body.subarray(at, at + bytes));
    at += bytes;
    setTimeout(step, intervalMs);
  };
  res.flushHeaders();
  step();
}

function reset(res: ServerResponse, body: Buffer, fraction: number): void {
  const cut = Math.max(1, Math.floor(body.length * fraction));
  res.write(body.subarray(0, cut), () => {
    // Give the bytes written a moment on the wire, then drop the connection the way a proxy would.
    setTimeout(() => {
      res.socket?.resetAndDestroy();
      // cometd-nodejs-server waits for 'finish' or 'error' before it reschedules the session.
      res.emit('error', new Error('fault: connection reset mid-body'));
    }, 20);
  });
}
