/**
 * Every way a connection can fail, each with a message that names the cause and what to do.
 * Messages never contain credentials, cookies or CSRF tokens.
 */

export type ConnectionErrorCode =
  /** 401 on GET /api/v2/me: wrong user name or password. */
  | 'auth-failed'
  /** 403 from GWS: a missing/invalid CSRF token or session cookie. */
  | 'forbidden'
  /** `403::handshake_denied` even after a fresh login. */
  | 'handshake-denied'
  /** HTTP 401 on /handshake even after a fresh login. */
  | 'handshake-unauthorized'
  /** DNS failure, refused or reset connection, timeout. */
  | 'unreachable'
  /** The server's certificate could not be verified. */
  | 'tls'
  /** Any other unexpected HTTP status. */
  | 'http'
  /** The server answered something that is not GWS. */
  | 'protocol'
  /** The capture journal could not be written. */
  | 'journal'
  /** A subscription the server refused. */
  | 'subscribe-denied';

/** The certificate a TLS failure was about, so the user can decide to pin it. */
export interface CertificateInfo {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  /** SHA-256 fingerprint of the server's own certificate, colon-separated hex. */
  fingerprint256: string;
  /** PEM of the certificate to trust when pinning: the top of the chain the server presented. */
  trustPem: string;
}

/** A connection failure in a form that crosses the process boundary (plain data). */
export interface ConnectionFailure {
  code: ConnectionErrorCode;
  message: string;
  /** True when trying again later may work (network), false when the user must change something. */
  retryable: boolean;
  httpStatus?: number;
  certificate?: CertificateInfo;
}

/** An Error carrying a ConnectionFailure. */
export class ConnectionError extends Error {
  constructor(readonly failure: ConnectionFailure) {
    super(failure.message);
    this.name = 'ConnectionError';
  }
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused (is the server running, and is the port right?)',
  ENOTFOUND: 'the host name could not be resolved (check the URL, DNS or VPN)',
  EAI_AGAIN: 'the host name could not be resolved right now (DNS or VPN)',
  ECONNRESET: 'the connection was reset by the server or a proxy',
  ETIMEDOUT: 'the connection timed out (firewall, VPN or proxy?)',
  EHOSTUNREACH: 'the host is unreachable (network or VPN)',
  ENETUNREACH: 'the network is unreachable (network or VPN)',
  EPIPE: 'the connection was closed while sending',
};

const TLS_CODES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server uses a self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in a self-signed root that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate was issued by an unknown authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate was issued by an unknown authority',
  UNABLE_TO_GET_ISSUER_CERT: 'the certificate issuer is unknown',
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate does not name this host',
  CERT_REVOKED: 'the certificate has been revoked',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server did not answer with TLS (is it plain http?)',
};

/** True when a Node error code is a certificate/TLS verification failure. */
export function isTlsErrorCode(code: string | undefined): boolean {
  return code !== undefined && (code in TLS_CODES || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code.includes('CERT'));
}

/** Turns a Node socket error on `url` into a specific, actionable failure. */
export function describeNetworkError(err: NodeJS.ErrnoException, url: string, certificate?: CertificateInfo): ConnectionFailure {
  const code = err.code ?? '';
  if (isTlsErrorCode(code)) {
    const what = TLS_CODES[code] ?? err.message;
    const fp = certificate ? ` Its SHA-256 fingerprint is ${certificate.fingerprint256}.` : '';
    return {
      code: 'tls',
      message: `TLS certificate check failed for ${url}: ${what} (${code}).${fp} Trust the issuing CA file, or pin this certificate for this server after checking the fingerprint.`,
      retryable: false,
      certificate,
    };
  }
  const what = NETWORK_CODES[code] ?? err.message;
  return { code: 'unreachable', message: `Cannot reach ${url}: ${what}${code ? ` (${code})` : ''}.`, retryable: true };
}

/** Describes an HTTP status from a GWS endpoint. */
export function describeHttpStatus(status: number, url: string, body: string): ConnectionFailure {
  if (status === 401) {
    return { code: 'auth-failed', message: `GWS rejected the credentials (HTTP 401 on ${url}): check the user name and password.`, retryable: false, httpStatus: status };
  }
  if (status === 403) {
    const csrf = /csrf/i.test(body);
    return {
      code: 'forbidden',
      message: csrf
        ? `GWS refused the request (HTTP 403 on ${url}): missing or invalid CSRF token. The session cookie or CSRF token was lost or expired; connect again.`
        : `GWS refused the request (HTTP 403 on ${url}): the session cookie was rejected or the user lacks permission.`,
      retryable: false,
      httpStatus: status,
    };
  }
  return { code: 'http', message: `Unexpected HTTP ${status} from ${url}.`, retryable: status >= 500, httpStatus: status };
}
