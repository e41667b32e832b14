// While the launcher's Playwright UI pass runs, the extension host serves its requests: run a command,
// or set a user setting. The UI pass uses it where driving the workbench's own UI would race (a theme
// picked by typing into a quick pick); what it then checks is still the page. The launcher writes
// `<base>.<n>.call` (n = 1, 2, …; renamed into place, so never read half-written) and waits for
// `<base>.<n>.reply` ({ ok, result } or { ok: false, error }). See scripts/vscode/workbench.mjs hostCall().
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';

/** One request from the UI pass. */
type HostCall = { command: string; args?: unknown[] } | { setting: string; value: unknown };

async function perform(call: HostCall): Promise<unknown> {
  if ('command' in call) return vscode.commands.executeCommand(call.command, ...(call.args ?? []));
  const dot = call.setting.lastIndexOf('.');
  await vscode.workspace.getConfiguration(call.setting.slice(0, dot)).update(call.setting.slice(dot + 1), call.value, vscode.ConfigurationTarget.Global);
  return undefined;
}

/** Serves calls numbered from 1 until `done()` is true; `base` is EXTHOST_TEST_CALLS. */
export async function serveHostCalls(base: string | undefined, done: () => boolean): Promise<void> {
  if (!base) {
    while (!done()) await new Promise((r) => setTimeout(r, 100));
    return;
  }
  for (let n = 1; !done(); ) {
    const file = `${base}.${n}.call`;
    if (!existsSync(file)) {
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    let reply: { ok: boolean; result?: unknown; error?: string };
    try {
      const result = await perform(JSON.parse(readFileSync(file, 'utf8')) as HostCall);
      reply = { ok: true, result: JSON.parse(JSON.stringify(result ?? null)) as unknown };
    } catch (err) {
      reply = { ok: false, error: String((err as Error)?.stack ?? err) };
    }
    rmSync(file, { force: true });
    writeFileSync(`${base}.${n}.tmp`, JSON.stringify(reply));
    renameSync(`${base}.${n}.tmp`, `${base}.${n}.reply`);
    n++;
  }
}
