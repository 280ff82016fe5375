import 'server-only';

/**
 * Errors thrown before anything is sent to the gateway. Gateway answers never throw — they come
 * back as a GatewayOutcome. Messages never contain credentials.
 */
export type EftpayErrorCode = 'unsupported-operation' | 'invalid-input';

export class EftpayError extends Error {
  readonly code: EftpayErrorCode;

  constructor(code: EftpayErrorCode, message: string) {
    super(message);
    this.name = 'EftpayError';
    this.code = code;
  }
}

/** The wallet has no such service (e.g. Close for PayMe, refund for FPS — docs/eftpay-gateway.md §4.0). */
export class EftpayUnsupportedOperationError extends EftpayError {
  constructor(message: string) {
    super('unsupported-operation', message);
    this.name = 'EftpayUnsupportedOperationError';
  }
}

export class EftpayInputError extends EftpayError {
  constructor(message: string) {
    super('invalid-input', message);
    this.name = 'EftpayInputError';
  }
}
