import { rm } from 'node:fs/promises';
import { JournalFile } from '../capture/journalFile';
import { loadCapture } from '../exchange/openCapture';
import type { FindingsConfig } from './config';
import { FindingsEngine, journalRecordReader } from './engine';
import { SEVERITY_ORDER, type Finding } from './types';
import { captureEnd } from '../tracker/stateTimes';

/**
 * The rules over a whole capture file (`gws-notify lint`): load it as an offline session does,
 * feed every row to the engine, judge time-based rules at the capture's last record, wait for the
 * payload reads, and give each finding the line of its record in the file given.
 */

export interface LintedFinding extends Finding {
  /** 1-based line, in the file linted, of the record that triggers the finding. */
  line: number;
}

export interface LintResult {
  file: string;
  /** In line order; on one line, errors first. */
  findings: LintedFinding[];
  records: number;
}

export async function lintCapture(file: string, config: FindingsConfig = {}): Promise<LintResult> {
  const loaded = await loadCapture(file, { lines: true });
  const journal = new JournalFile(loaded.journalPath);
  try {
    const tracker = loaded.tracker;
    const engine = new FindingsEngine(tracker, journalRecordReader(journal, tracker), config);
    engine.advance();
    engine.tick(captureEnd(tracker));
    await engine.settled();
    const lines = loaded.lines!;
    const findings = engine.findings.map((f) => ({ ...f, line: lines[f.row] ?? 0 }));
    findings.sort((a, b) => a.line - b.line || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.row - b.row);
    return { file, findings, records: loaded.entries };
  } finally {
    await journal.closeAsync();
    if (loaded.converted) await rm(loaded.journalPath, { force: true });
  }
}

