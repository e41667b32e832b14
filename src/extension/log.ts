import * as vscode from 'vscode';
import { scrubSecrets } from '../util/scrub';

/**
 * The "GWS Notifications" log. Every line goes through the scrubber: registered secrets
 * (passwords, cookies, CSRF tokens) and Authorization/Cookie values never reach the channel.
 */
export class GwsLog implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('GWS Notifications', { log: true });
  private readonly secrets = new Set<string>();

  /** Values to mask from now on. */
  addSecrets(values: Iterable<string>): void {
    for (const v of values) if (v && v.length >= 4) this.secrets.add(v);
  }

  info(text: string): void {
    this.channel.info(this.scrub(text));
  }

  warn(text: string): void {
    this.channel.warn(this.scrub(text));
  }

  error(text: string): void {
    this.channel.error(this.scrub(text));
  }

  show(): void {
    this.channel.show(true);
  }

  scrub(text: string): string {
    return scrubSecrets(text, this.secrets);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
