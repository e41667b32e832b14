import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { createXhrClass, type XhrLike } from '../../../src/connection/nodeXhr';

/** The long-polling transport's XHR against a local server that writes its bodies in awkward pieces. */
describe('NodeXhr', () => {
  let server: Server;
  let base = '';
  const seen: Array<{ path: string; cookie?: string; body: string }> = [];
  const TEXT = 'héllo 😈 مالوري — жзк 👩‍👩‍👧 '.repeat(50);

  before(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ path: req.url ?? '', cookie: req.headers.cookie, body });
        if (req.url === '/split') {
          // One byte per write, with pauses: every multi-byte character is split across reads.
          const bytes = Buffer.from(JSON.stringify([{ channel: '/x', data: TEXT }]));
          res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': bytes.length, 'Set-Cookie': ['BAYEUX_BROWSER=b1; Path=/', 'JSESSIONID=server; Path=/'] });
          let i = 0;
          const step = (): void => {
            if (i >= bytes.length) return void res.end();
            res.write(bytes.subarray(i, i + 1));
            i += 1;
            if (i % 64 === 0) setTimeout(step, 1);
            else setImmediate(step);
          };
          step();
        } else if (req.url === '/cut') {
          res.writeHead(200, { 'Content-Length': 1000 });
          res.write('[{"channel":');
          setTimeout(() => res.socket?.destroy(), 20);
        } else if (req.url === '/hang') {
          // never answers
        } else {
          res.writeHead(403, { 'Content-Type': 'application/json' });
          res.end('{"statusCode":5,"statusMessage":"Missing or invalid Csrf token"}');
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  function send(xhr: XhrLike, path: string, body = '[]', cookie?: string): Promise<'load' | 'error'> {
    return new Promise((resolve) => {
      let calls = 0;
      xhr.onload = () => resolve(calls++ === 0 ? 'load' : 'error');
      xhr.onerror = () => resolve(calls++ === 0 ? 'error' : 'load');
      xhr.open('POST', `${base}${path}`);
      xhr.setRequestHeader('Content-Type', 'application/json');
      if (cookie) xhr.setRequestHeader('Cookie', cookie);
      xhr.send(body);
    });
  }

  test('a body delivered one byte at a time decodes whole: no U+FFFD', async () => {
    const Xhr = createXhrClass();
    const xhr = new Xhr();
    assert.equal(await send(xhr, '/split', '[{"channel":"/meta/connect"}]'), 'load');
    assert.equal(xhr.status, 200);
    assert.equal(xhr.readyState, Xhr.DONE);
    assert.deepEqual(JSON.parse(xhr.responseText), [{ channel: '/x', data: TEXT }]);
    assert.equal(seen.at(-1)!.body, '[{"channel":"/meta/connect"}]');
  });

  test('a body observer sees the raw body, bytes whole, exactly while onload runs', async () => {
    const events: string[] = [];
    let body: Buffer | undefined;
    const Xhr = createXhrClass({ bodies: { open: (b) => (events.push('open'), (body = b)), close: () => events.push('close') } });
    const xhr = new Xhr();
    const result = await new Promise<string>((resolve) => {
      xhr.onload = () => {
        events.push('onload');
        resolve('load');
      };
      xhr.onerror = () => resolve('error');
      xhr.open('POST', `${base}/split`);
      xhr.send('[]');
    });
    assert.equal(result, 'load');
    assert.deepEqual(events, ['open', 'onload', 'close']);
    assert.equal(body!.toString('utf8'), xhr.responseText);
  });

  test('server cookies go back on later requests of the same class; the caller\'s own cookie wins', async () => {
    const Xhr = createXhrClass();
    await send(new Xhr(), '/split');
    await send(new Xhr(), '/other', '[]', 'JSESSIONID=mine; lb=1');
    assert.equal(seen.at(-1)!.cookie, 'JSESSIONID=mine; lb=1; BAYEUX_BROWSER=b1');
    // Another connection (another class) has its own jar.
    await send(new (createXhrClass())(), '/other');
    assert.equal(seen.at(-1)!.cookie, undefined);
  });

  test('an HTTP error keeps its status and body for the caller to read', async () => {
    const xhr = new (createXhrClass())();
    assert.equal(await send(xhr, '/forbidden'), 'load');
    assert.equal(xhr.status, 403);
    assert.match(xhr.responseText, /Csrf/);
  });

  test('a body cut off mid-way, a refused connection and an abort each end in exactly one error', async () => {
    const Xhr = createXhrClass();
    const cut = new Xhr();
    assert.equal(await send(cut, '/cut'), 'error');
    const refused = new Xhr();
    const port = await new Promise<number>((r) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => r(p));
      });
    });
    const failed = await new Promise<string>((resolve) => {
      refused.onerror = () => resolve(refused.statusText);
      refused.open('POST', `http://127.0.0.1:${port}/x`);
      refused.send('[]');
    });
    assert.match(failed, /ECONNREFUSED/, 'the cometd session reads the error code from statusText');
    const hanging = new Xhr();
    let errors = 0;
    hanging.onerror = () => errors++;
    hanging.open('POST', `${base}/hang`);
    hanging.send('[]');
    await new Promise((r) => setTimeout(r, 50));
    hanging.abort();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(errors, 1);
  });
});
