import * as vscode from 'vscode';
import { ServerConfig, serverKey } from './serverSettings';

const INDEX_KEY = 'gwsNotifications.secretKeys';

/**
 * Passwords and tokens in VS Code SecretStorage, keyed by server origin plus user name. There is
 * no fallback: if SecretStorage fails, the user is asked again, nothing is written elsewhere.
 * The list of keys (not secret) is kept in globalState so that "Forget Saved Password" can offer it.
 */
export class CredentialStore {
  constructor(private readonly secrets: vscode.SecretStorage, private readonly state: vscode.Memento) {}

  private secretKey(server: Pick<ServerConfig, 'url' | 'username'>): string {
    return `gwsNotifications:${serverKey(server)}`;
  }

  get(server: Pick<ServerConfig, 'url' | 'username'>): Thenable<string | undefined> {
    return this.secrets.get(this.secretKey(server));
  }

  async store(server: Pick<ServerConfig, 'url' | 'username'>, secret: string): Promise<void> {
    await this.secrets.store(this.secretKey(server), secret);
    const keys = new Set(this.keys());
    keys.add(serverKey(server));
    await this.state.update(INDEX_KEY, [...keys]);
  }

  async forget(key: string): Promise<void> {
    await this.secrets.delete(`gwsNotifications:${key}`);
    await this.state.update(INDEX_KEY, this.keys().filter((k) => k !== key));
  }

  /** `origin|user` of every stored secret. */
  keys(): string[] {
    return this.state.get<string[]>(INDEX_KEY, []);
  }
}
