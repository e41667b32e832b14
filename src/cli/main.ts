/** `gws-notify`: the command-line face of the core (simulator, recorder, summaries). */
import { Command, InvalidArgumentError, Option } from 'commander';
import { version } from '../../package.json';
import { runDemo } from './demoCommand';
import { runExport } from './exportCommand';
import { runImportHar } from './importHarCommand';
import { runImportWwe } from './importWweCommand';
import { runLint } from './lintCommand';
import { runReplay } from './replayCommand';
import { OP_EXIT, runOp } from './opCommand';
import { runRecord } from './recordCommand';
import { runSim } from './simCommand';
import { runSummary } from './summaryCommand';

function int(name: string, min = 0): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
    return n;
  };
}

function num(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a number ≥ 0`);
    return n;
  };
}

const program = new Command('gws-notify')
  .description('Record, inspect and simulate Genesys Web Services (GWS API v2) CometD notifications.')
  .version(version)
  .showHelpAfterError();

program
  .command('sim')
  .description('Run the GWS simulator (CometD + REST/auth) and print the URL it listens on.')
  .option('--port <port>', 'port (0 picks a free one)', int('--port'), 8090)
  .option('--host <host>', 'interface to listen on', '127.0.0.1')
  .addOption(new Option('--scenario <name>', 'scripted traffic').choices(['demo', 'load', 'faults', 'team', 'anomalies', 'interactive', 'none']).default('demo'))
  .option('--rate <r>', 'load: messages per second (0 = as fast as possible)', num('--rate'), 100)
  .option('--count <n>', 'load: messages per session, then stop (0 = unbounded)', int('--count'), 0)
  .option('--resources <k>', 'load: number of resources', int('--resources', 1), 50)
  .option('--seed <s>', 'seed for every random choice', int('--seed'), 1)
  .option('--speed <x>', 'time scale of scripted scenarios (0 = as fast as possible)', num('--speed'), 1)
  .option('--loop', 'restart the scenario when it ends', false)
  .option('--users <list>', 'accounts as user:password,...', 'agent1:secret,agent2:secret,supervisor1:secret')
  .option('--csrf-notifications', 'require the CSRF header on CometD POSTs too', false)
  .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM)')
  .option('--tls-key <file>', 'and this private key (PEM)')
  .action(async (o) => process.exit(await runSim(o)));

program
  .command('record')
  .description('Connect to GWS, subscribe, and journal every notification to an NDJSON capture.')
  .option('--url <url>', 'GWS base URL, e.g. https://gws.example.com')
  .option('--connections <file>', 'record every connection of this JSON file at once, one capture each: {"connections": [{"url", "user", "passwordEnv", "topics"?, "out"}]}')
  .option('--user <user>', 'user name (basic auth)')
  .addOption(new Option('--auth <type>', 'authentication').choices(['basic', 'bearer', 'cookie']).default('basic'))
  .option('--password-env <var>', 'read the password from this environment variable (else asked on the terminal)')
  .option('--token-env <var>', 'bearer auth: read the token from this environment variable')
  .option('--cookie-env <var>', 'cookie auth: read the session cookie string from this environment variable')
  .option('--topics <list>', 'comma-separated topics (default /v2/me/calls,/v2/me/devices,/v2/me/chats)')
  .option('--out <file>', 'capture file to write (default gws-capture-<time>.ndjson)')
  .option('--duration <sec>', 'stop after this many seconds (each connection)', num('--duration'))
  .option('--count <n>', 'stop after this many messages (each connection)', int('--count', 1))
  .option('--ca <file>', 'trust this CA bundle (PEM) for the server certificate')
  .option('--proxy <url>', 'HTTP proxy (default: HTTPS_PROXY / HTTP_PROXY)')
  .option('--lines', 'print one line per record, not only the status line', false)
  .option('--summary', 'print the summary table at the end', false)
  .action(async (o) => process.exit(await runRecord({ ...o, version })));

program
  .command('op')
  .description('Send one GWS operation (e.g. Answer) and report what it caused; journals everything to --out. Never asks to confirm.')
  .argument('<target>', 'call:ID, chat:ID, device:ID, voice (or me, for StartContactCenterSession)')
  .argument('<operationName>', 'a catalogue operation (Answer, Hold, Dial, Ready, SendMessage...) or any other name, sent as a custom request')
  .requiredOption('--url <url>', 'GWS base URL, e.g. https://gws.example.com')
  .option('--user <user>', 'user name (basic auth)')
  .addOption(new Option('--auth <type>', 'authentication').choices(['basic', 'bearer', 'cookie']).default('basic'))
  .option('--password-env <var>', 'read the password from this environment variable (else asked on the terminal)')
  .option('--token-env <var>', 'bearer auth: read the token from this environment variable')
  .option('--cookie-env <var>', 'cookie auth: read the session cookie string from this environment variable')
  .option('--ca <file>', 'trust this CA bundle (PEM) for the server certificate')
  .option('--proxy <url>', 'HTTP proxy (default: HTTPS_PROXY / HTTP_PROXY)')
  .option('--out <file>', 'capture file to write (default gws-op-<time>.ndjson)')
  .option('--timeout <sec>', 'correlation window in seconds', num('--timeout'), 5)
  .option('--body <json>', 'operation parameters as a JSON object, e.g. \'{"dtmfDigits":"1"}\'')
  .option('--json', 'print the outcome as one JSON object', false)
  // Bad arguments are errors like any other for `op`: exit code 2 (help and version still exit 0).
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : OP_EXIT.error))
  .action(async (target: string, operationName: string, o) => process.exit(await runOp(target, operationName, { ...o, version })));

program
  .command('summary')
  .description('Summarize captures: messages, malformed, per channel, every resource with its state path; with several, the calls and chats they share.')
  .argument('<file...>', 'NDJSON captures or JSON exports')
  .option('--json', 'print exactly one JSON object', false)
  .action(async (files: string[], o: { json: boolean }) => process.exit(await runSummary(files, o.json)));

program
  .command('demo')
  .description('Run the embedded simulator with the demo scenario once and record it with a live view, until Ctrl-C.')
  .option('--out <file>', 'capture file to write')
  .option('--speed <x>', 'time scale of the demo', num('--speed'), 1)
  .option('--duration <sec>', 'stop after this many seconds', num('--duration'))
  .option('--loop', 'play the demo script again and again (by default it plays once, then stays connected and idle)', false)
  .action(async (o) => process.exit(await runDemo({ ...o, version })));

program
  .command('export')
  .description('Export a capture (or one resource, or a time range) as NDJSON, JSON or a Markdown report.')
  .argument('<file>', 'capture (NDJSON or JSON export)')
  .addOption(new Option('--format <format>', 'output format').choices(['ndjson', 'json', 'markdown']).default('ndjson'))
  .requiredOption('--out <file>', 'file to write')
  .option('--resource <kind:id>', 'only the records naming this resource, e.g. call:013V08JRL498H10I04000VTAES000015')
  .option('--from <iso>', 'only records at or after this time')
  .option('--to <iso>', 'only records at or before this time')
  .option('--redact', 'mask phone numbers, nicknames, chat text and userData values', false)
  .option('--redact-keys <list>', 'comma-separated keys to mask instead of the defaults (implies --redact)')
  .action(async (file: string, o) => process.exit(await runExport(file, o)));

program
  .command('import-har')
  .description('Import the GWS notification traffic of a browser HAR file as an NDJSON capture.')
  .argument('<file>', 'HAR file')
  .requiredOption('--out <file>', 'capture file to write')
  .option('--force', 'replace the output file if it exists', false)
  .action(async (file: string, o: { out: string; force: boolean }) => process.exit(await runImportHar(file, { ...o, version })));

program
  .command('import-wwe')
  .description('Import a Workspace Web Edition console log (notifications and REST calls) as an NDJSON capture; times are the log\'s local clock.')
  .argument('<log>', 'the WWE browser console log, saved as text (Chrome or Firefox)')
  .requiredOption('--out <file>', 'capture file to write')
  .option('--force', 'replace the output file if it exists', false)
  .action(async (file: string, o: { out: string; force: boolean }) => process.exit(await runImportWwe(file, { ...o, version })));

program
  .command('replay')
  .description('Serve a capture (NDJSON, JSON export or HAR) as a live GWS endpoint, like `sim`, and print the URL.')
  .argument('<file>', 'capture to replay')
  .option('--port <port>', 'port (0 picks a free one)', int('--port'), 8090)
  .option('--host <host>', 'interface to listen on', '127.0.0.1')
  .option('--speed <x>', 'time scale: 1, 10, ... or max', '1')
  .option('--loop', 'start over when the capture ends', false)
  .option('--users <list>', 'accounts as user:password,...', 'agent1:secret')
  .action(async (file: string, o) => process.exit(await runReplay(file, { ...o, version })));

const collect = (value: string, previous: string[]): string[] => [...previous, value];

program
  .command('lint')
  .description('Check captures for what went wrong (docs/FINDINGS.md): exit 1 on any error finding, 0 otherwise, 2 on a usage or file error.')
  .argument('<capture...>', 'NDJSON captures or JSON exports')
  .option('--json', 'the same as --format json', false)
  .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']))
  .option('--rule <ids>', 'comma-separated rule ids to run (default: all)')
  .option('--set <rule.setting=value>', 'a rule setting, e.g. stuck.ringing=30s (durations in ms, s or m); repeatable', collect, [])
  .option('--severity <rule=level>', 'error, warning, info or off for a rule, e.g. error-message=warning; repeatable', collect, [])
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
  .action(async (files: string[], o) => process.exit(await runLint(files, { ...o, version })));

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
