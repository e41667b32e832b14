import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import { isIP } from 'node:net';
import { createHash } from 'node:crypto';
import { CertificateInfo, ConnectionError, describeNetworkError, isTlsErrorCode } from './connectionErrors';

/** A finished HTTP exchange. */
export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HttpRequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  /** An agent (e.g. a proxy agent); the default agents verify TLS against the process's CAs. */
  agent?: http.Agent;
}

const MAX_BODY = 16 * 1024 * 1024;

/**
 * One HTTP request with Node's own client. Network and TLS failures become ConnectionErrors that
 * name the URL and the cause; for TLS failures the server's certificate is read (without sending
 * anything) so the user can decide to pin it.
 */
export function httpRequest(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<HttpResponse>((resolve, reject) => {
    const req = client.request(
      target,
      { method: options.method ?? 'GET', headers: options.headers, agent: options.agent, timeout: options.timeoutMs ?? 15_000 },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BODY) chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => reject(new ConnectionError(describeNetworkError(err, url))));
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (!isTlsErrorCode(err.code)) {
        reject(new ConnectionError(describeNetworkError(err, url)));
        return;
      }
      probeCertificate(target).then(
        (cert) => reject(new ConnectionError(describeNetworkError(err, url, cert))),
        () => reject(new ConnectionError(describeNetworkError(err, url))),
      );
    });
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** Colon-separated upper-case hex SHA-256 of a DER certificate, as browsers show it. */
export function fingerprint256(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}

/** Wraps DER bytes as PEM. */
export function derToPem(der: Buffer): string {
  const b64 = der.toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/**
 * Reads the certificate chain a server presents, without trusting it and without sending any
 * request: only so that the user can see the fingerprint and choose to pin it.
 */
export function probeCertificate(target: URL, timeoutMs = 5000): Promise<CertificateInfo> {
  return new Promise((resolve, reject) => {
    const port = Number(target.port || 443);
    const servername = isIP(target.hostname) ? undefined : target.hostname;
    const socket = tls.connect({ host: target.hostname, port, servername, rejectUnauthorized: false, timeout: timeoutMs }, () => {
      const leaf = socket.getPeerCertificate(true);
      socket.destroy();
      if (!leaf || !leaf.raw) {
        reject(new Error('no certificate presented'));
        return;
      }
      // The top of the presented chain is what NODE_EXTRA_CA_CERTS must hold for verification to pass.
      let top: tls.DetailedPeerCertificate = leaf;
      const seen = new Set<string>();
      while (top.issuerCertificate && top.issuerCertificate !== top && !seen.has(top.fingerprint256)) {
        seen.add(top.fingerprint256);
        top = top.issuerCertificate;
      }
      resolve({
        subject: formatName(leaf.subject),
        issuer: formatName(leaf.issuer),
        validFrom: leaf.valid_from,
        validTo: leaf.valid_to,
        fingerprint256: fingerprint256(leaf.raw),
        trustPem: derToPem(top.raw),
      });
    });
    socket.on('timeout', () => socket.destroy(new Error('timed out')));
    socket.on('error', reject);
  });
}

function formatName(name: tls.Certificate | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}
