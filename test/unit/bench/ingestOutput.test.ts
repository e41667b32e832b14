import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseIngestOutput } from '../../../bench/ingestOutput';

/** What bench/ingest.ts prints (copied from a real run). */
const SAMPLE = `  run 1: bare 486 ms (other processes 525 ms CPU), pipeline 725 ms (other processes 942 ms CPU)
ingest of 10,000 messages (load scenario, rate 0), login to last message, median of 1 run(s)
  bare cometd client       486 ms  20,576 msg/s
  full pipeline            725 ms  13,793 msg/s
  ratio pipeline/bare      0.670  (target >= 0.9) FAIL
  bare                     CPU µs/msg: client  27.2  host   0.0  simulator  18.0  other processes  52.5
  pipeline                 CPU µs/msg: client  32.0  host   5.8  simulator  20.0  other processes  94.2
  CPU ratio bare/pipeline  0.614  (CPU of client, host and simulator per message)
  host event-loop util.    7.4%
  journaled from bytes     99.5% of messages (the rest serialized)
  host heap per message    55.0 B after 10,000  (target <= 200) PASS
`;

describe('parseIngestOutput', () => {
  test('reads every figure of bench/ingest.ts', () => {
    assert.deepEqual(parseIngestOutput(SAMPLE), {
      count: 10_000,
      runs: 1,
      bareMs: 486,
      bareRate: 20_576,
      pipelineMs: 725,
      pipelineRate: 13_793,
      ratio: 0.67,
      hostElu: 7.4,
      heapPerMessage: 55,
      pipelineCpu: { client: 32, host: 5.8, simulator: 20, other: 94.2 },
      cpuRatio: 0.614,
      copiedShare: 0.995,
    });
  });

  test('a changed format fails loudly, naming the missing line', () => {
    assert.throws(() => parseIngestOutput(SAMPLE.replace('full pipeline', 'whole pipeline')), /no "full pipeline" line/);
  });
});
