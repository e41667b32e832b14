/** Email and Open Media work item interactions, reduced to what the notification stream shows. */
import { cloneJson, type BayeuxMessage, type JsonObject } from '../bayeuxMessage';

/** States of an email or work item interaction. */
export type MediaState = 'Invited' | 'Processing' | 'Completed';

/** Which media: emails on /v2/me/emails, work items on /v2/me/workitems. */
export type MediaKind = 'email' | 'workitem';

const CAPABILITIES: Record<MediaState, readonly string[]> = {
  Invited: ['Accept', 'Reject'],
  Processing: ['Transfer', 'Complete', 'AttachUserData', 'UpdateUserData', 'DeleteUserData', 'SetInFocus'],
  Completed: [],
};

const NEXT: Record<MediaState, readonly MediaState[]> = {
  Invited: ['Processing', 'Completed'],
  Processing: ['Completed'],
  Completed: [],
};

/** The capabilities advertised for an interaction in `state`. */
export function mediaCapabilities(state: MediaState): string[] {
  return [...CAPABILITIES[state]];
}

/** An email or work item's life, producing EmailStateChangeMessage / WorkitemStateChangeMessage. */
export class MediaMachine {
  private current: MediaState = 'Invited';

  constructor(
    private readonly baseUrl: string,
    readonly kind: MediaKind,
    readonly id: string,
    private readonly fields: JsonObject,
  ) {}

  /** The current state. */
  get state(): MediaState {
    return this.current;
  }

  /** Moves to `to`; throws on an impossible transition. */
  to(to: MediaState): this {
    if (!NEXT[this.current].includes(to)) throw new Error(`${this.kind} ${this.id}: illegal transition ${this.current} -> ${to}`);
    this.current = to;
    return this;
  }

  /** A StatusChange notification carrying the interaction. */
  message(): BayeuxMessage {
    const plural = `${this.kind}s`;
    const resource = {
      id: this.id,
      state: this.current,
      capabilities: mediaCapabilities(this.current),
      ...cloneJson(this.fields),
      uri: `${this.baseUrl}/api/v2/me/${plural}/${this.id}`,
      path: `/${plural}/${this.id}`,
    };
    const messageType = this.kind === 'email' ? 'EmailStateChangeMessage' : 'WorkitemStateChangeMessage';
    return { channel: `/v2/me/${plural}`, data: { notificationType: 'StatusChange', messageType, [this.kind]: resource } };
  }
}
