import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { RequestRecord, ResponseRecord } from '../../../src/capture/records';
import { GwsSession } from '../../../src/connection/gwsAuth';
import { MAX_RESPONSE_BYTES, sendOperation, type OperationJournal } from '../../../src/connection/operationSender';
import { buildRequest } from '../../../src/operations/operationRequest';

const COOKIE = 'JSESSIONID=SECRETSESSION123';
const CSRF = 'csrf-token-4567';

function journal(): { records: Array<RequestRecord | ResponseRecord>; j: OperationJournal } {
  const records: Array<RequestRecord | ResponseRecord> = [];
  return { records, j: { operation: (build) => (records.push(build(records.length + 1)), records.length), scrubSecrets: (t) => t.split(CSRF).join('***') } };
}

describe('sendOperation', () => {
  const seen: Array<{ req: IncomingMessage; body: string }> = [];
  let base = '';
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ req, body });
      const reply = (status: number, text: string) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(text);
      if (req.url === '/api/v2/me/chats/ch1') reply(200, JSON.stringify({ statusCode: 0, referenceId: 42 }));
      else if (req.url === '/api/v2/me/calls/huge') reply(200, JSON.stringify({ statusCode: 0, blob: 'x'.repeat(2 * MAX_RESPONSE_BYTES) }));
      else if (req.url === '/api/v2/me/calls/html') reply(502, `<html><body>Bad gateway, token ${CSRF}</body></html>`);
      else if (req.url === '/api/v2/me/calls/refused') reply(400, JSON.stringify({ statusCode: 2, statusMessage: 'Answer is not allowed' }));
      else reply(404, '{}');
    });
  });
  const session = new GwsSession('');
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    Object.assign(session, { baseUrl: base });
    session.storeCookieString(COOKIE);
    session.csrfHeaderName = 'X-CSRF-TOKEN';
    session.csrfToken = CSRF;
  });
  after(() => server.close());

  test('sends cookie and CSRF header, journals request then response with referenceId; no secret in the records', async () => {
    const { records, j } = journal();
    const r = await sendOperation(session, j, buildRequest({ kind: 'chat', id: 'ch1' }, 'SendMessage', { text: 'hello 5551234567' }), { redact: { enabled: true } });
    const last = seen.at(-1)!;
    assert.equal(last.req.headers.cookie, COOKIE);
    assert.equal(last.req.headers['x-csrf-token'], CSRF);
    assert.deepEqual(JSON.parse(last.body), { operationName: 'SendMessage', text: 'hello 5551234567' });
    assert.equal(r.referenceId, 42);
    assert.deepEqual(records.map((x) => x.kind), ['request', 'response']);
    const [req, res] = records as [RequestRecord, ResponseRecord];
    assert.equal(req.path, '/api/v2/me/chats/ch1');
    assert.deepEqual(req.target, { kind: 'chat', id: 'ch1' });
    assert.match(String((req.body as { text: string }).text), /^«masked:[0-9a-f]{8}»$/);
    assert.equal(res.request, req.seq);
    assert.equal(res.status, 200);
    assert.equal(res.referenceId, 42);
    const text = JSON.stringify(records);
    for (const secret of ['SECRETSESSION123', CSRF, 'Cookie', 'Authorization']) assert.ok(!text.includes(secret), secret);
  });

  test('a body over 1 MiB is cut and kept as text with truncated: true', async () => {
    const { records, j } = journal();
    const r = await sendOperation(session, j, buildRequest({ kind: 'call', id: 'huge' }, 'Answer'));
    const res = records[1] as ResponseRecord;
    assert.equal(res.truncated, true);
    assert.equal(Buffer.byteLength(res.text!, 'utf8'), MAX_RESPONSE_BYTES);
    assert.equal(res.body, undefined);
    assert.equal(r.statusCode, 0);
  });

  test('a non-JSON answer is kept as text with its status; secrets in it are masked', async () => {
    const { records, j } = journal();
    const r = await sendOperation(session, j, buildRequest({ kind: 'call', id: 'html' }, 'Answer'));
    const res = records[1] as ResponseRecord;
    assert.equal(r.status, 502);
    assert.equal(res.status, 502);
    assert.match(res.text!, /^<html>/);
    assert.ok(!res.text!.includes(CSRF));
  });

  test('a refusal keeps statusCode and statusMessage; an unreachable server is status 0 with the reason', async () => {
    const { records, j } = journal();
    const refused = await sendOperation(session, j, buildRequest({ kind: 'call', id: 'refused' }, 'Answer'));
    assert.deepEqual([refused.status, refused.statusCode, refused.statusMessage], [400, 2, 'Answer is not allowed']);
    const closed = new GwsSession('http://127.0.0.1:1');
    const gone = await sendOperation(closed, j, buildRequest({ kind: 'call', id: 'c' }, 'Answer'), { timeoutMs: 2000 });
    assert.equal(gone.status, 0);
    assert.ok(gone.error && gone.error.length > 0);
    assert.equal((records.at(-1) as ResponseRecord).error, gone.error);
  });
});
