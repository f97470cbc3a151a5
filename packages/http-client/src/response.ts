/** A complete response: head, body bytes, trailers. */
import type { Headers } from './headers.js';
import type { ResponseHead } from './parse-head.js';

const decoder = new TextDecoder();

export class Response {
  readonly status: number;
  readonly statusText: string;
  readonly httpVersion: string;
  readonly headers: Headers;
  /** Trailer fields of a chunked body, kept apart from `headers`. */
  readonly trailers: Headers;
  readonly body: Uint8Array;
  /** The URL this response came from (after redirects). */
  readonly url: string;

  /** @internal */
  constructor(head: ResponseHead, body: Uint8Array, trailers: Headers, url: string) {
    this.status = head.status;
    this.statusText = head.statusText;
    this.httpVersion = head.httpVersion;
    this.headers = head.headers;
    this.trailers = trailers;
    this.body = body;
    this.url = url;
  }

  /** True for 2xx. */
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /** The body decoded as UTF-8. */
  text(): string {
    return decoder.decode(this.body);
  }

  json<T = unknown>(): T {
    return JSON.parse(this.text()) as T;
  }
}
