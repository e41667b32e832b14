import * as vscode from 'vscode';
import { KNOWN_TOPICS, isValidChannelName } from '../../model/gwsTypes';

/** QuickPick of the known GWS topics plus free text validated as a Bayeux channel name. */
export async function pickTopic(alreadySubscribed: ReadonlySet<string>, sessionLabel?: string): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { channel?: string }>();
  qp.title = sessionLabel ? `Subscribe ${sessionLabel} to Topic` : 'Subscribe to Topic';
  qp.placeholder = 'Pick a GWS topic, or type a channel such as /v2/me/im-sessions';
  const known = KNOWN_TOPICS.filter((t) => !alreadySubscribed.has(t.channel)).map((t) => ({ label: t.channel, detail: t.description, channel: t.channel }));
  qp.items = known;
  const disposables: vscode.Disposable[] = [qp];
  try {
    return await new Promise<string | undefined>((resolve) => {
      disposables.push(
        qp.onDidChangeValue((value) => {
          const typed = value.trim();
          if (!typed || known.some((k) => k.channel === typed)) {
            qp.items = known;
            return;
          }
          const valid = isValidChannelName(typed);
          const item = valid
            ? { label: typed, description: 'subscribe to this channel', channel: typed, alwaysShow: true }
            : { label: typed, description: 'not a valid channel name: /segment/segment, wildcards * or ** only at the end', alwaysShow: true };
          qp.items = [item, ...known];
        }),
        qp.onDidAccept(() => {
          const picked = qp.selectedItems[0];
          if (picked?.channel) resolve(picked.channel);
        }),
        qp.onDidHide(() => resolve(undefined)),
      );
      qp.show();
    });
  } finally {
    disposables.forEach((d) => d.dispose());
  }
}
