import * as vscode from 'vscode';
import type { CertificateInfo } from '../../connection/connectionErrors';

const PINS_KEY = 'gwsNotifications.pinnedCertificates';

interface Pin {
  fingerprint256: string;
  pem: string;
  subject: string;
}

/**
 * Certificates the user chose to trust for one server (by origin) after seeing the fingerprint.
 * Verification stays on: the pinned certificate is added as a CA for that server's connection
 * process only (NODE_EXTRA_CA_CERTS), so a different certificate fails again.
 */
export class CertificatePins {
  constructor(private readonly state: vscode.Memento) {}

  private all(): Record<string, Pin> {
    return this.state.get<Record<string, Pin>>(PINS_KEY, {});
  }

  pemFor(url: string): string | undefined {
    return this.all()[new URL(url).origin]?.pem;
  }

  async pin(url: string, cert: CertificateInfo): Promise<void> {
    await this.state.update(PINS_KEY, { ...this.all(), [new URL(url).origin]: { fingerprint256: cert.fingerprint256, pem: cert.trustPem, subject: cert.subject } });
  }

  async unpin(url: string): Promise<void> {
    const pins = this.all();
    delete pins[new URL(url).origin];
    await this.state.update(PINS_KEY, pins);
  }
}
