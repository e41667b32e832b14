/**
 * The baseline for the ingest benchmark: the bare cometd client, in its own process, logging in
 * like the real connection and counting messages on one topic, nothing else. Prints one JSON line:
 * times (epoch ms) from the start of the login to the last message counted, and its CPU time then.
 */
import { adapt } from 'cometd-nodejs-client';
import { CometD } from 'cometd';

async function main(): Promise<void> {
  const [url, user, password, countText] = process.argv.slice(2);
  const count = Number(countText);
  const started = Date.now();
  const res = await fetch(`${url}/api/v2/me`, { headers: { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } });
  const cookie = (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const csrf = res.headers.get('x-csrf-token') ?? '';
  adapt();
  const cometd = new CometD();
  cometd.unregisterTransport('websocket');
  cometd.unregisterTransport('callback-polling');
  cometd.configure({ url: `${url}/api/v2/notifications`, logLevel: 'warn', useWorkerScheduler: false, requestHeaders: { Cookie: cookie, 'X-CSRF-TOKEN': csrf } });
  let received = 0;
  let first = 0;
  cometd.addListener('/meta/handshake', (m) => {
    if (!m.successful) return;
    cometd.subscribe('/v2/me/calls', () => {
      if (received === 0) first = Date.now();
      if (++received === count) {
        const end = Date.now();
        const cpu = process.cpuUsage();
        process.stdout.write(`${JSON.stringify({ received, startedAt: started, endedAt: end, totalMs: end - started, streamMs: end - first, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
        cometd.disconnect(() => process.exit(0));
        setTimeout(() => process.exit(0), 500).unref();
      }
    });
  });
  cometd.handshake();
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
