/**
 * One chat as GWS reports it: state with derived capabilities, participants, user data, and a
 * transcript whose entries are numbered in order (MessageLogUpdated).
 */
import { cloneJson, type BayeuxMessage, type JsonObject } from '../bayeuxMessage';

/** States a GWS chat goes through. */
export type ChatState = 'Invited' | 'Chatting' | 'Completed';
/** `data.notificationType` values of ChatStateChangeMessage. */
export type ChatNotification = 'StatusChange' | 'ParticipantsUpdated' | 'PropertiesUpdated' | 'Error';
/** Transcript entry kinds GWS reports. */
export type LogEntryType = 'Text' | 'TypingStarted' | 'TypingStopped' | 'ParticipantJoined' | 'ParticipantLeft' | 'PushUrl';

/** A chat participant as GWS lists it. */
export interface ChatParticipant {
  nickname: string;
  type: 'Customer' | 'Agent' | 'Supervisor' | 'External';
  participantId: string;
}

/** One transcript line to add; `index` is normally assigned in order. */
export interface LogEntryInit {
  from: ChatParticipant;
  type: LogEntryType;
  text?: string;
  messageType?: string;
  visibility?: 'All' | 'Int' | 'Vis';
  index?: number;
}

const TRANSITIONS: Record<ChatState, readonly ChatState[]> = {
  Invited: ['Chatting', 'Completed'],
  Chatting: ['Completed'],
  Completed: [],
};

/** Script time 0 maps to this wall-clock instant, so transcripts carry stable timestamps. */
export const SCRIPT_EPOCH_MS = Date.UTC(2024, 4, 14, 9, 0, 0, 0);

/** Whether GWS would let a chat move from `from` to `to`. */
export function canChatTransition(from: ChatState, to: ChatState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The capabilities GWS advertises for a chat in `state`. */
export function chatCapabilities(state: ChatState): string[] {
  switch (state) {
    case 'Invited':
      return ['Accept', 'Reject'];
    case 'Chatting':
      return ['Transfer', 'Leave', 'Invite', 'Consult', 'SetInFocus', 'SetDisposition', 'AttachUserData',
        'DeleteUserData', 'UpdateUserData', 'Complete', 'SendMessage', 'SendStartTypingNotification',
        'SendStopTypingNotification'];
    case 'Completed':
      return [];
  }
}

/** GWS transcript timestamp text, e.g. "2014-01-09 11:58:12.035+0000". */
export function gwsTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').replace('Z', '+0000');
}

/** A chat's life, producing ChatStateChangeMessage and MessageLogUpdated payloads. */
export class ChatMachine {
  private current: ChatState = 'Invited';
  private readonly people: ChatParticipant[];
  private userData: JsonObject;
  private nextIndex = 1;

  constructor(
    private readonly baseUrl: string,
    readonly id: string,
    participants: ChatParticipant[],
    userData: JsonObject = {},
  ) {
    this.people = [...participants];
    this.userData = cloneJson(userData);
  }

  /** The current state. */
  get state(): ChatState {
    return this.current;
  }

  /** The chat's REST location. */
  get uri(): string {
    return `${this.baseUrl}/api/v2/chats/${this.id}`;
  }

  /** Moves to `to`; throws when GWS would not allow it. */
  to(to: ChatState): this {
    if (!canChatTransition(this.current, to)) throw new Error(`chat ${this.id}: illegal transition ${this.current} -> ${to}`);
    this.current = to;
    return this;
  }

  /** Adds a participant. */
  join(p: ChatParticipant): this {
    if (!this.people.some((q) => q.participantId === p.participantId)) this.people.push(p);
    return this;
  }

  /** Removes a participant. */
  leave(participantId: string): this {
    const i = this.people.findIndex((q) => q.participantId === participantId);
    if (i >= 0) this.people.splice(i, 1);
    return this;
  }

  /** Merges keys into the chat's user data. */
  setUserData(patch: JsonObject): this {
    this.userData = { ...this.userData, ...cloneJson(patch) };
    return this;
  }

  /** The chat resource as GWS serialises it (a fresh object every time). */
  snapshot(): JsonObject {
    return {
      userData: cloneJson(this.userData),
      state: this.current,
      capabilities: chatCapabilities(this.current),
      uri: this.uri,
      path: `/chats/${this.id}`,
      participants: this.people.map((p) => ({ ...p })),
      id: this.id,
    };
  }

  /** A ChatStateChangeMessage about this chat. */
  stateMessage(notificationType: ChatNotification, referenceId: number): BayeuxMessage {
    return {
      channel: '/v2/me/chats',
      data: { notificationType, messageType: 'ChatStateChangeMessage', chat: this.snapshot(), referenceId },
    };
  }

  /** A MessageLogUpdated carrying `entries`, stamped at script time `at` (ms apart per entry). */
  log(entries: readonly LogEntryInit[], at: number): BayeuxMessage {
    const messages = entries.map((e, i) => {
      const index = e.index ?? this.nextIndex;
      this.nextIndex = Math.max(this.nextIndex, index + 1);
      const ms = SCRIPT_EPOCH_MS + at + i * 12;
      return {
        index,
        from: { ...e.from },
        ...(e.messageType !== undefined ? { messageType: e.messageType } : {}),
        ...(e.text !== undefined ? { text: e.text } : {}),
        visibility: e.visibility ?? 'All',
        timestamp: gwsTimestamp(ms),
        type: e.type,
        timestampSeconds: ms,
      };
    });
    return {
      channel: '/v2/me/chats',
      data: { notificationType: 'NewMessages', messageType: 'MessageLogUpdated', messages, chatUri: this.uri },
    };
  }
}
