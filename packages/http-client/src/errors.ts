/**
 * One error class, one stable `code` per condition (undici's habit). Network failures keep the
 * system error of the layer below (`ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`, ...).
 */
export type HttpErrorCode =
  | 'ERR_HTTP_INVALID_URL'
  | 'ERR_HTTP_UNSUPPORTED_PROTOCOL'
  | 'ERR_HTTP_INVALID_REQUEST'
  | 'ERR_HTTP_INVALID_STATUS'
  | 'ERR_HTTP_INVALID_HEADER'
  | 'ERR_HTTP_HEADERS_TOO_LARGE'
  | 'ERR_HTTP_BODY_TOO_LARGE'
  | 'ERR_HTTP_INVALID_CONTENT_LENGTH'
  | 'ERR_HTTP_CONTENT_LENGTH_MISMATCH'
  | 'ERR_HTTP_AMBIGUOUS_FRAMING'
  | 'ERR_HTTP_INVALID_CHUNK'
  | 'ERR_HTTP_PREMATURE_CLOSE'
  | 'ERR_HTTP_UNEXPECTED_UPGRADE'
  | 'ERR_HTTP_CONNECT_TIMEOUT'
  | 'ERR_HTTP_HEADERS_TIMEOUT'
  | 'ERR_HTTP_BODY_TIMEOUT'
  | 'ERR_HTTP_TOO_MANY_REDIRECTS'
  | 'ERR_HTTP_CLIENT_CLOSED'
  | 'ABORT_ERR';

export class HttpError extends Error {
  readonly code: HttpErrorCode;

  constructor(code: HttpErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = code === 'ABORT_ERR' ? 'AbortError' : 'HttpError';
    this.code = code;
  }
}

export const httpError = (code: HttpErrorCode, message: string) => new HttpError(code, message);
