/**
 * What the simulator does for each catalogue operation on an interactive desk: check it against
 * the resource's current capabilities, answer as GWS does, and publish the effect a moment later.
 * A refused operation gets an HTTP error with a non-zero statusCode and, for voice, the
 * ErrorMessage T-Server sends.
 */
import { catalogueEntry, type OperationTarget } from '../../operations/catalogue';
import { OperationInputError, buildRequest } from '../../operations/operationRequest';
import { isObject } from '../../util/jsonObject';
import type { BayeuxMessage, JsonObject } from '../bayeuxMessage';
import { callCapabilities } from '../machines/callMachine';
import { chatCapabilities } from '../machines/chatMachine';
import type { Desk, DeskCall } from './desk';

/** GWS statusCodes the desk answers with. */
export const OP_STATUS = { ok: 0, badRequest: 2, notFound: 3, notAllowed: 4 } as const;

/** The REST answer to an operation. */
export interface OperationAnswer {
  status: number;
  body: JsonObject;
}

const refuse = (status: number, statusCode: number, statusMessage: string): OperationAnswer => ({ status, body: { statusCode, statusMessage } });
const OK: OperationAnswer = { status: 200, body: { statusCode: OP_STATUS.ok } };

/** Runs `body.operationName` on `target` of `desk`; the effect is published after the answer. */
export function runOperation(desk: Desk, target: OperationTarget, body: JsonObject): OperationAnswer {
  const operation = typeof body.operationName === 'string' ? body.operationName : '';
  const entry = catalogueEntry(operation);
  if (!entry || entry.target !== target.kind) return refuse(400, OP_STATUS.badRequest, `Unsupported operationName ${JSON.stringify(operation)} for ${target.kind}`);
  try {
    buildRequest(target, operation, body);
  } catch (err) {
    if (err instanceof OperationInputError) return refuse(400, OP_STATUS.badRequest, err.message);
    throw err;
  }
  switch (target.kind) {
    case 'call':
      return callOperation(desk, target.id, operation, body);
    case 'chat':
      return chatOperation(desk, target.id, operation, body);
    case 'device':
    case 'voice':
      return deviceOperation(desk, target, operation, body);
    case 'me':
      return refuse(400, OP_STATUS.badRequest, 'POST /api/v2/me is handled by the user endpoint');
  }
}

function destination(body: JsonObject): string {
  return isObject(body.destination) && typeof body.destination.phoneNumber === 'string' ? body.destination.phoneNumber : '';
}

function callOperation(desk: Desk, id: string, operation: string, body: JsonObject): OperationAnswer {
  const call = desk.calls.get(id);
  if (!call) return refuse(404, OP_STATUS.notFound, `No such call: ${id}`);
  const m = call.machine;
  if (!callCapabilities(m.state, call.type).includes(operation)) {
    desk.later(() => [desk.device.error('Incorrect object state', m.uri)]);
    return refuse(400, OP_STATUS.notAllowed, `${operation} is not allowed on call ${id} in state ${m.state}`);
  }
  const at = (): number => desk.now;
  const effect = (build: () => BayeuxMessage[]): OperationAnswer => (desk.later(build), OK);
  switch (operation) {
    case 'Answer':
      if (call.abandon) clearTimeout(call.abandon);
      return effect(() => [m.to('Established').message('StatusChange', at())]);
    case 'Hold':
      return effect(() => [m.to('Held').message('StatusChange', at())]);
    case 'Retrieve':
      return effect(() => [m.to('Established').message('StatusChange', at())]);
    case 'Hangup':
    case 'SingleStepTransfer':
      return effect(() => [desk.release(call)]);
    case 'SendDtmf':
      return effect(() => [m.message('DtmfSent', at())]);
    case 'AttachUserData':
    case 'UpdateUserData':
      return effect(() => [m.attach(body.userData as JsonObject).message('AttachedDataChanged', at())]);
    case 'DeleteUserDataPair':
      return effect(() => [m.attach({ [String(body.key)]: undefined }).message('AttachedDataChanged', at())]);
    case 'InitiateTransfer':
    case 'InitiateConference':
      return effect(() => consult(desk, call, destination(body)));
    case 'CompleteTransfer':
    case 'CompleteConference':
      return complete(desk, call, operation === 'CompleteConference');
    default:
      return refuse(400, OP_STATUS.badRequest, `Unsupported operationName ${operation}`);
  }
}

/** The main call goes on hold and a Consult call dials; the far end answers a moment later. */
function consult(desk: Desk, main: DeskCall, number: string): BayeuxMessage[] {
  const out: BayeuxMessage[] = [];
  if (main.machine.state === 'Established') out.push(main.machine.to('Held').message('StatusChange', desk.now));
  const c = desk.addCall('Consult', 'Dialing', number, main.machine.id);
  out.push(c.machine.message('StatusChange', desk.now));
  desk.later(() => (c.machine.state === 'Dialing' ? [c.machine.to('Established').message('StatusChange', desk.now)] : []), 300);
  return out;
}

/** Transfer: both calls leave the agent. Conference: the consult ends, the main call gains a party. */
function complete(desk: Desk, consultCall: DeskCall, conference: boolean): OperationAnswer {
  const main = consultCall.parent === undefined ? undefined : desk.calls.get(consultCall.parent);
  if (!main) return refuse(400, OP_STATUS.notAllowed, `Call ${consultCall.machine.id} has no parent call to complete`);
  desk.later(() => {
    const released = desk.release(consultCall);
    if (!conference) return [released, desk.release(main)];
    const party = String((consultCall.machine.snapshot(desk.now).dnis as string | undefined) ?? '');
    if (main.machine.state === 'Held') main.machine.to('Established');
    return [released, main.machine.join(party).message('ParticipantsUpdated', desk.now)];
  });
  return OK;
}

function deviceOperation(desk: Desk, target: OperationTarget, operation: string, body: JsonObject): OperationAnswer {
  const d = desk.device;
  if (target.kind === 'device' && target.id !== d.id) return refuse(404, OP_STATUS.notFound, `No such device: ${target.id}`);
  const caps = d.snapshot().capabilities as string[];
  if (!caps.includes(operation)) {
    desk.later(() => [d.error(`${operation} is not possible in agent state ${d.state}`)]);
    return refuse(400, OP_STATUS.notAllowed, `${operation} is not allowed in agent state ${d.state}`);
  }
  if (operation === 'Dial') {
    desk.later(() => [desk.addCall('Outbound', 'Dialing', destination(body)).machine.message('StatusChange', desk.now)]);
    return OK;
  }
  desk.later(() => [d.setAgentState(operation === 'Ready' ? 'Ready' : 'NotReady').message()]);
  return OK;
}

function chatOperation(desk: Desk, id: string, operation: string, body: JsonObject): OperationAnswer {
  const chat = desk.chats.get(id);
  if (!chat) return refuse(404, OP_STATUS.notFound, `No such chat: ${id}`);
  if (!chatCapabilities(chat.state).includes(operation)) return refuse(400, OP_STATUS.notAllowed, `${operation} is not allowed on chat ${id} in state ${chat.state}`);
  const referenceId = desk.reference();
  desk.later(() => {
    switch (operation) {
      case 'Accept':
        return [chat.to('Chatting').stateMessage('StatusChange', referenceId)];
      case 'SendMessage': {
        const log = chat.log([{ from: desk.agent, type: 'Text', text: String(body.text) }], desk.now);
        return [{ ...log, data: { ...(log.data as JsonObject), referenceId } }];
      }
      default:
        desk.chats.delete(id);
        return [chat.to('Completed').stateMessage('StatusChange', referenceId)];
    }
  });
  return { status: 200, body: { statusCode: OP_STATUS.ok, referenceId } };
}
