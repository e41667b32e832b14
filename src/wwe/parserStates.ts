/** The console-log parser's states (wweParser.ts): what it awaits or reads, and what it carries. */

/** A REST call read up to its answer. */
export type Pending = { method: string; url: string; data: unknown; args: string; sentAt: number; answeredAt: number; line: number };
/** An answer's mark: which, and where what follows it starts. */
export type Mark = { succeeded: boolean; restAt: number };

/**
 * Every state has every field (those it does not use empty): one shape, so that reading a state,
 * once per line, stays a plain load (seven shapes made each read a lookup). Times are the parser's
 * own fields, not the states': a state is made per block, and each time in it was a number object.
 */
type Fields = { line: number; channel: string; call: Pending | undefined; succeeded: boolean };
export type State = Fields &
  (
    | { s: 'idle' }
    | { s: 'awaitJson' }
    | { s: 'notification' }
    | { s: 'args' }
    | { s: 'awaitMark'; call: Pending }
    | { s: 'awaitAnswer'; call: Pending }
    | { s: 'answer'; call: Pending }
  );
export type BlockState = Extract<State, { s: 'notification' | 'args' | 'answer' }>;

export function state<S extends State['s']>(s: S, line: number, channel: string, call: Extract<State, { s: S }>['call'], succeeded = false): Extract<State, { s: S }> {
  return { s, line, channel, call, succeeded } as Extract<State, { s: S }>;
}

export const IDLE: State = state('idle', 0, '', undefined);
