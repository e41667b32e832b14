/** An agent at an interactive simulator desk: a logged-in session, a real CometD client, and operations over REST. */
import type { Message } from 'cometd';
import { login, TestClient, waitFor, type Session } from './simulatorSupport';

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One REST answer. */
export interface Answer {
  status: number;
  body: Data;
}

/** A logged-in agent that sees its own notifications. */
export class Agent {
  private constructor(
    readonly base: string,
    readonly session: Session,
    readonly client: TestClient,
  ) {}

  /** Logs in as `user`, subscribes to calls, devices and chats, and waits for the desk to start. */
  static async open(base: string, user: string): Promise<Agent> {
    const session = await login(base, user, 'secret');
    const client = new TestClient(base, { Cookie: session.cookie, 'X-CSRF-TOKEN': session.csrf });
    await client.handshake();
    await client.subscribe(['/v2/me/calls', '/v2/me/devices', '/v2/me/chats']);
    const agent = new Agent(base, session, client);
    try {
      await agent.next((d) => d.call?.state === 'Ringing', 'the first ringing call');
      await agent.next((d) => d.chat?.state === 'Invited', 'the invited chat');
    } catch (err) {
      await agent.close();
      throw err;
    }
    return agent;
  }

  /** Every notification's data so far, in arrival order. */
  get seen(): Data[] {
    return this.client.received.map((m: Message) => m.data as Data);
  }

  /** Waits for a notification (from index `from` on) that `match` accepts; returns it. */
  async next(match: (d: Data) => boolean, what: string, from = 0): Promise<Data> {
    let found: Data | undefined;
    await waitFor(() => (found = this.seen.slice(from).find(match)) !== undefined, what);
    return found!;
  }

  /** POSTs an operation with the session cookie and CSRF token (or `headers` instead). */
  async post(path: string, body: Data, headers: Record<string, string> = { Cookie: this.session.cookie, 'X-CSRF-TOKEN': this.session.csrf }): Promise<Answer> {
    const res = await fetch(`${this.base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Data };
  }

  /** The desk's device id (from its first DeviceStateChangeMessage). */
  async deviceId(): Promise<string> {
    return (await this.next((d) => d.messageType === 'DeviceStateChangeMessage', 'the device')).devices[0].id as string;
  }

  /** The id of the first ringing call not in `except`. */
  async ringing(except: readonly string[] = []): Promise<string> {
    return (await this.next((d) => d.call?.state === 'Ringing' && !except.includes(d.call.id), 'a ringing call')).call.id as string;
  }

  async chatId(): Promise<string> {
    return (await this.next((d) => d.chat?.state === 'Invited', 'the invited chat')).chat.id as string;
  }

  /** Sends `operationName` to `path`, expects 200 and statusCode 0, then waits for `effect` after it. */
  async run(path: string, body: Data, effect: (d: Data) => boolean, what: string): Promise<{ answer: Answer; effect: Data }> {
    const from = this.seen.length;
    const answer = await this.post(path, body);
    if (answer.status !== 200 || answer.body.statusCode !== 0) throw new Error(`${String(body.operationName)} refused: ${answer.status} ${JSON.stringify(answer.body)}`);
    return { answer, effect: await this.next(effect, what, from) };
  }

  /** Answers the first ringing call; returns its id once Established. */
  async established(): Promise<string> {
    const id = await this.ringing();
    await this.run(`/api/v2/me/calls/${id}`, { operationName: 'Answer' }, (d) => d.call?.id === id && d.call.state === 'Established', 'Established');
    return id;
  }

  async held(): Promise<string> {
    const id = await this.established();
    await this.run(`/api/v2/me/calls/${id}`, { operationName: 'Hold' }, (d) => d.call?.id === id && d.call.state === 'Held', 'Held');
    return id;
  }

  /** An Established consult call of an Established main call: [main, consult]. */
  async consult(): Promise<[string, string]> {
    const main = await this.established();
    const from = this.seen.length;
    await this.post(`/api/v2/me/calls/${main}`, { operationName: 'InitiateTransfer', destination: { phoneNumber: '5099' } });
    const c = await this.next((d) => d.call?.callType === 'Consult' && d.call.state === 'Established', 'the consult call Established', from);
    return [main, c.call.id as string];
  }

  async chatting(): Promise<string> {
    const id = await this.chatId();
    await this.run(`/api/v2/me/chats/${id}`, { operationName: 'Accept' }, (d) => d.chat?.id === id && d.chat.state === 'Chatting', 'Chatting');
    return id;
  }

  close(): Promise<void> {
    return this.client.disconnect();
  }
}
