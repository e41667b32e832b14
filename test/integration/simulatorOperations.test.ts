import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOGUE } from '../../src/operations/catalogue';
import { startSimulator } from '../../src/simulator/server';
import type { SimulatorHandle } from '../../src/simulator/simulatorTypes';
import { Agent } from './operationsSupport';

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
/** Where an operation is allowed: its path and body, and the notification that shows its effect. */
interface Prepared {
  path: string;
  body: Data;
  effect: (d: Data, answer: Data) => boolean;
}
/** Where it is refused: path and body, and whether T-Server's ErrorMessage follows. */
interface Refusal {
  path: string;
  body: Data;
  errorMessage: boolean;
}
interface Row {
  prepare(a: Agent): Promise<Prepared>;
  /** Runs after the success test, on the same agent. */
  refuse(a: Agent, prepared: Prepared): Promise<Refusal>;
}

const callPath = (id: string) => `/api/v2/me/calls/${id}`;
const chatPath = (id: string) => `/api/v2/me/chats/${id}`;
const VOICE = '/api/v2/me/channels/voice';
const state = (id: string, s: string) => (d: Data) => d.call?.id === id && d.call.state === s;
const notified = (id: string, n: string) => (d: Data) => d.call?.id === id && d.notificationType === n;
const chatState = (id: string, s: string) => (d: Data, answer: Data) => d.chat?.id === id && d.chat.state === s && d.referenceId === answer.referenceId;
const sameOp = (p: Prepared): Refusal => ({ path: p.path, body: p.body, errorMessage: true });
const gone = (p: Prepared): Refusal => ({ path: p.path, body: p.body, errorMessage: false });
/** A Dialing outbound call: only Hangup and the data operations are allowed on it. */
async function dialing(a: Agent, body: Data): Promise<Refusal> {
  const from = a.seen.length;
  await a.post(`/api/v2/me/devices/${await a.deviceId()}/calls`, { operationName: 'Dial', destination: { phoneNumber: '5077' } });
  const id = (await a.next((d) => d.call?.callType === 'Outbound', 'the dialed call', from)).call.id as string;
  return { path: callPath(id), body, errorMessage: true };
}
const newCall = (type: string, number?: string) => (d: Data) => d.call?.callType === type && d.call.state === 'Dialing' && (number === undefined || d.call.participants[0].phoneNumber === number);

const ROWS: Record<string, Row> = {
  Answer: { prepare: async (a) => { const id = await a.ringing(); return { path: callPath(id), body: { operationName: 'Answer' }, effect: state(id, 'Established') }; }, refuse: async (_a, p) => sameOp(p) },
  Hold: { prepare: async (a) => { const id = await a.established(); return { path: callPath(id), body: { operationName: 'Hold' }, effect: state(id, 'Held') }; }, refuse: async (_a, p) => sameOp(p) },
  Retrieve: { prepare: async (a) => { const id = await a.held(); return { path: callPath(id), body: { operationName: 'Retrieve' }, effect: state(id, 'Established') }; }, refuse: async (_a, p) => sameOp(p) },
  Hangup: { prepare: async (a) => { const id = await a.established(); return { path: callPath(id), body: { operationName: 'Hangup' }, effect: state(id, 'Released') }; }, refuse: async (_a, p) => gone(p) },
  SendDtmf: {
    prepare: async (a) => { const id = await a.established(); return { path: callPath(id), body: { operationName: 'SendDtmf', dtmfDigits: '12#' }, effect: notified(id, 'DtmfSent') }; },
    refuse: async (a, p) => { await a.run(p.path, { operationName: 'Hold' }, (d) => d.call?.state === 'Held', 'Held'); return sameOp(p); },
  },
  AttachUserData: { prepare: async (a) => { const id = await a.established(); return { path: callPath(id), body: { operationName: 'AttachUserData', userData: { Case: '42' } }, effect: (d) => notified(id, 'AttachedDataChanged')(d) && d.call.userData.Case === '42' }; }, refuse: async (_a, p) => ({ path: p.path, body: { operationName: 'AttachUserData' }, errorMessage: false }) },
  UpdateUserData: { prepare: async (a) => { const id = await a.established(); return { path: callPath(id), body: { operationName: 'UpdateUserData', userData: { Case: '43' } }, effect: (d) => notified(id, 'AttachedDataChanged')(d) && d.call.userData.Case === '43' }; }, refuse: async (_a, p) => ({ path: p.path, body: { operationName: 'UpdateUserData', userData: 'x' }, errorMessage: false }) },
  DeleteUserDataPair: {
    prepare: async (a) => {
      const id = await a.established();
      await a.run(callPath(id), { operationName: 'AttachUserData', userData: { Gone: 'x' } }, (d) => d.call?.userData?.Gone === 'x', 'attached');
      return { path: callPath(id), body: { operationName: 'DeleteUserDataPair', key: 'Gone' }, effect: (d) => notified(id, 'AttachedDataChanged')(d) && !('Gone' in d.call.userData) };
    },
    refuse: async (_a, p) => ({ path: p.path, body: { operationName: 'DeleteUserDataPair' }, errorMessage: false }),
  },
  InitiateTransfer: { prepare: async (a) => { const id = await a.established(); return { path: callPath(id), body: { operationName: 'InitiateTransfer', destination: { phoneNumber: '5020' } }, effect: newCall('Consult', '5020') }; }, refuse: (a) => dialing(a, { operationName: 'InitiateTransfer', destination: { phoneNumber: '5020' } }) },
  InitiateConference: { prepare: async (a) => { const id = await a.established(); return { path: callPath(id), body: { operationName: 'InitiateConference', destination: { phoneNumber: '5021' } }, effect: newCall('Consult', '5021') }; }, refuse: (a) => dialing(a, { operationName: 'InitiateConference', destination: { phoneNumber: '5021' } }) },
  CompleteTransfer: { prepare: async (a) => { const [, c] = await a.consult(); return { path: callPath(c), body: { operationName: 'CompleteTransfer', parentConnId: 'p' }, effect: state(c, 'Released') }; }, refuse: (a) => dialing(a, { operationName: 'CompleteTransfer', parentConnId: 'p' }) },
  CompleteConference: { prepare: async (a) => { const [m, c] = await a.consult(); return { path: callPath(c), body: { operationName: 'CompleteConference', parentConnId: 'p' }, effect: notified(m, 'ParticipantsUpdated') }; }, refuse: (a) => dialing(a, { operationName: 'CompleteConference', parentConnId: 'p' }) },
  SingleStepTransfer: { prepare: async (a) => { const id = await a.established(); return { path: callPath(id), body: { operationName: 'SingleStepTransfer', destination: { phoneNumber: '5030' } }, effect: state(id, 'Released') }; }, refuse: (a) => dialing(a, { operationName: 'SingleStepTransfer', destination: { phoneNumber: '5030' } }) },
  Dial: { prepare: async (a) => ({ path: `/api/v2/me/devices/${await a.deviceId()}/calls`, body: { operationName: 'Dial', destination: { phoneNumber: '5040' } }, effect: newCall('Outbound', '5040') }), refuse: async () => ({ path: '/api/v2/me/devices/no-such-device/calls', body: { operationName: 'Dial', destination: { phoneNumber: '5040' } }, errorMessage: false }) },
  Ready: { prepare: async () => ({ path: VOICE, body: { operationName: 'Ready' }, effect: (d) => d.devices?.[0]?.userState?.state === 'Ready' }), refuse: async (_a, p) => sameOp(p) },
  NotReady: {
    prepare: async (a) => { await a.run(VOICE, { operationName: 'Ready' }, (d) => d.devices?.[0]?.userState?.state === 'Ready', 'Ready'); return { path: VOICE, body: { operationName: 'NotReady', reasonCode: 'Break' }, effect: (d) => d.devices?.[0]?.userState?.state === 'NotReady' }; },
    refuse: async (_a, p) => sameOp(p),
  },
  Accept: { prepare: async (a) => { const id = await a.chatId(); return { path: chatPath(id), body: { operationName: 'Accept' }, effect: chatState(id, 'Chatting') }; }, refuse: async (_a, p) => ({ ...sameOp(p), errorMessage: false }) },
  Complete: { prepare: async (a) => { const id = await a.chatting(); return { path: chatPath(id), body: { operationName: 'Complete' }, effect: chatState(id, 'Completed') }; }, refuse: async (_a, p) => gone(p) },
  Leave: { prepare: async (a) => { const id = await a.chatting(); return { path: chatPath(id), body: { operationName: 'Leave' }, effect: chatState(id, 'Completed') }; }, refuse: async (_a, p) => gone(p) },
  SendMessage: {
    prepare: async (a) => { const id = await a.chatting(); return { path: chatPath(id), body: { operationName: 'SendMessage', text: 'How may I help?' }, effect: (d, ans) => d.messageType === 'MessageLogUpdated' && d.referenceId === ans.referenceId && d.messages[0].text === 'How may I help?' }; },
    refuse: async (a, p) => { await a.run(p.path, { operationName: 'Complete' }, (d) => d.chat?.state === 'Completed', 'Completed'); return gone(p); },
  },
  StartContactCenterSession: { prepare: async () => ({ path: '/api/v2/me', body: { operationName: 'StartContactCenterSession', channels: ['voice'] }, effect: (d) => d.messageType === 'DeviceStateChangeMessage' }), refuse: async () => ({ path: '/api/v2/me', body: { operationName: 'StartContactCenterSession', channels: ['fax'] }, errorMessage: false }) },
};

describe('the interactive simulator answers every catalogue operation', () => {
  let sim: SimulatorHandle;
  before(async () => {
    const users = [...CATALOGUE.map((_, i) => ({ user: `agent${i + 1}`, password: 'secret' })), { user: 'csrf', password: 'secret' }];
    sim = await startSimulator({ port: 0, scenario: 'interactive', speed: 10, users });
  });
  after(() => sim.close());

  test('the table covers the catalogue', () => assert.deepEqual(Object.keys(ROWS).sort(), CATALOGUE.map((e) => e.operation).sort()));

  CATALOGUE.forEach((entry, i) => {
    const row = ROWS[entry.operation];
    describe(entry.operation, () => {
      let a: Agent;
      let p: Prepared;
      before(async () => {
        a = await Agent.open(sim.url, `agent${i + 1}`);
        p = await row.prepare(a);
      });
      after(() => a.close());

      test('ignore-operations: accepted with {"statusCode":0}, nothing changes', async () => {
        await fetch(`${sim.url}/sim/fault`, { method: 'POST', body: JSON.stringify({ kind: 'ignore-operations', operations: [entry.operation], count: 1 }) });
        const from = a.seen.length;
        const answer = await a.post(p.path, p.body);
        assert.deepEqual(answer, { status: 200, body: { statusCode: 0 } });
        // A later operation's effect comes after any effect of the ignored one would have.
        const mark = await a.run(`/api/v2/me/devices/${await a.deviceId()}/calls`, { operationName: 'Dial', destination: { phoneNumber: `9${i}` } }, newCall('Outbound', `9${i}`), 'the marker call');
        const upTo = a.seen.indexOf(mark.effect);
        assert.equal(a.seen.slice(from, upTo).filter((d) => p.effect(d, answer.body)).length, 0);
      });

      test('success: the effect is published, chat effects echo the referenceId', async () => {
        const { answer, effect } = await a.run(p.path, p.body, (d) => p.effect(d, {}) || (entry.byReference && d.referenceId !== undefined), 'the effect');
        assert.ok(p.effect(effect, answer.body), JSON.stringify(effect).slice(0, 300));
        if (entry.byReference) assert.equal(typeof answer.body.referenceId, 'number');
        else assert.equal(answer.body.referenceId, undefined);
      });

      test('refusal: an HTTP error or a failed statusCode with a message, and an ErrorMessage where GWS sends one', async () => {
        const r = await row.refuse(a, p);
        const from = a.seen.length;
        const answer = await a.post(r.path, r.body);
        assert.notEqual(answer.body.statusCode, 0);
        assert.equal(typeof answer.body.statusMessage, 'string');
        if (entry.operation !== 'StartContactCenterSession') assert.ok(answer.status >= 400, String(answer.status));
        else assert.deepEqual(answer.body.failed.map((f: Data) => f.channel), ['fax']);
        if (r.errorMessage) await a.next((d) => d.messageType === 'ErrorMessage', 'the ErrorMessage', from);
      });
    });
  });

  test('every operation needs the CSRF token of its session', async () => {
    const a = await Agent.open(sim.url, 'csrf');
    try {
      const id = await a.ringing();
      for (const headers of [{ Cookie: a.session.cookie }, { Cookie: a.session.cookie, 'X-CSRF-TOKEN': 'forged' }] as Array<Record<string, string>>) {
        const answer = await a.post(callPath(id), { operationName: 'Answer' }, headers);
        assert.equal(answer.status, 403);
      }
    } finally {
      await a.close();
    }
  });
});
