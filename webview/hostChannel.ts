import { supersedeKey, type Envelope, type HostMessage, type WebviewEvent, type WebviewMessage, type WebviewRequest } from '../src/timelineProtocol';
import { isSuperseded, MessageHandler } from '../src/timelineRequests';
import type { WebviewApi } from './uiState';

/**
 * The webview's end of the protocol. Requests (typed apart from events, which are never awaited)
 * end exactly once: the answer, or a RequestFailedError for `request/failed`, 15 s of silence, or
 * a newer request of the same key (superseded, which is no error to show). The host sends the
 * webview events only.
 */
export class HostChannel {
  private readonly handler: MessageHandler<WebviewMessage, HostMessage>;

  constructor(api: WebviewApi, onEvent: (m: HostMessage) => void) {
    const onMessage = (m: HostMessage): undefined => void onEvent(m);
    this.handler = new MessageHandler<WebviewMessage, HostMessage>((m) => api.postMessage(m), onMessage, { isEvent: () => true, outgoingKey: supersedeKey });
    window.addEventListener('message', (e: MessageEvent<unknown>) => void this.handler.handleMessage(e.data as Envelope<HostMessage>));
  }

  /** Sends a request; `onProgress` hears the host's progress reports. */
  request<T extends HostMessage['type']>(body: WebviewRequest, onProgress?: (done: number, total: number) => void): Promise<Extract<HostMessage, { type: T }>> {
    return this.handler.sendRequest<Extract<HostMessage, { type: T }>>(body, onProgress);
  }

  /** Sends an event (no reply). */
  event(body: WebviewEvent): void {
    this.handler.sendEvent(body);
  }
}

/** Why a request failed, in words; undefined when it was only superseded by a newer one. */
export function failureText(err: unknown): string | undefined {
  if (isSuperseded(err)) return undefined;
  return err instanceof Error ? err.message : String(err);
}
