import type * as vscode from 'vscode';
import { catalogueEntry, defaultPath, type OperationParam, type OperationTarget } from '../../operations/catalogue';
import { checkPath, OperationInputError, parseBody } from '../../operations/operationRequest';

/** An input box; in test mode, TestPrompts answers it. */
export type Ask = (options: vscode.InputBoxOptions) => Thenable<string | undefined>;

/** What the user typed: the operation, its body beyond `operationName`, and a path for a Custom Request. */
export interface TypedOperation {
  operation: string;
  body: Record<string, unknown>;
  path?: string;
}

const NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

/**
 * Asks for what an operation needs: a catalogue operation's parameters one input box each (an
 * optional one left empty is left out); a Custom Request's name, path and JSON body, all editable.
 * Undefined when the user cancels. buildRequest checks the result again before anything is sent.
 */
export async function askBody(ask: Ask, operation: string | undefined, target: OperationTarget): Promise<TypedOperation | undefined> {
  const entry = operation === undefined ? undefined : catalogueEntry(operation);
  if (entry) {
    const body: Record<string, unknown> = {};
    for (const [i, p] of entry.params.entries()) {
      const value = await ask({ title: `${entry.operation} (${i + 1}/${entry.params.length})`, prompt: promptOf(p, entry.oneOf), placeHolder: placeholderOf(p), ignoreFocusOut: true, validateInput: (v) => validate(p, v) });
      if (value === undefined) return undefined;
      if (value.trim() !== '') setAt(body, p.path, parse(p, value));
    }
    return { operation: entry.operation, body };
  }
  const name = await ask({ title: 'Custom Request (1/3): operationName', prompt: 'The operation name GWS expects, e.g. Mute', ignoreFocusOut: true, validateInput: (v) => (NAME.test(v.trim()) ? undefined : 'Letters and digits, starting with a letter') });
  if (name === undefined) return undefined;
  const op = name.trim();
  const path = await ask({ title: 'Custom Request (2/3): path', prompt: 'Relative to the server\'s base URL; the request never goes to another host', value: defaultPath(op, target), ignoreFocusOut: true, validateInput: (v) => errorOf(() => checkPath(v.trim())) });
  if (path === undefined) return undefined;
  const text = await ask({ title: 'Custom Request (3/3): JSON body', prompt: `The body beyond "operationName": "${op}" (a JSON object)`, value: '{}', ignoreFocusOut: true, validateInput: (v) => errorOf(() => parseBody(v)) });
  if (text === undefined) return undefined;
  return { operation: op, body: parseBody(text), path: path.trim() };
}

function promptOf(p: OperationParam, oneOf: readonly string[] | undefined): string {
  const need = oneOf?.includes(p.path) ? `one of ${oneOf.join(' or ')} is required` : p.required ? 'required' : 'optional: leave empty to leave it out';
  const form = p.type === 'object' ? 'a JSON object' : p.type === 'string[]' ? 'names separated by commas' : 'text';
  return `${p.path}: ${form} (${need})`;
}

function placeholderOf(p: OperationParam): string | undefined {
  if (p.type === 'object') return '{"key": "value"}';
  if (p.type === 'string[]') return 'voice, chat';
  return p.path === 'destination.phoneNumber' ? '5001' : undefined;
}

function validate(p: OperationParam, value: string): string | undefined {
  if (value.trim() === '') return p.required ? 'Required' : undefined;
  if (p.type === 'object') return errorOf(() => parseBody(value));
  return undefined;
}

function parse(p: OperationParam, value: string): unknown {
  if (p.type === 'object') return parseBody(value);
  if (p.type === 'string[]') return value.split(',').map((s) => s.trim()).filter(Boolean);
  return value.trim();
}

/** Sets a dotted path (`destination.phoneNumber`) in `body`. */
function setAt(body: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let at = body;
  for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
  at[keys[keys.length - 1]] = value;
}

function errorOf(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (err) {
    return err instanceof OperationInputError ? err.message.replace(/^--body/, 'the body') : String(err);
  }
}
