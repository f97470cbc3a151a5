/**
 * @ferrite/http-client: a non-blocking HTTP/1.1 GET client on the ferrite runtime.
 *
 * ```ts
 * import { Http, HttpClient } from '@ferrite/http-client';
 *
 * const res = await Http.get('http://127.0.0.1:8080/100/hello');   // the book's API
 * const client = new HttpClient({ maxConnections: 10 });            // keep-alive pools
 * const again = await client.get('http://127.0.0.1:8080/0/again', { headersTimeout: 1000 });
 * client.close();
 * ```
 *
 * In a coroutine, the same calls are futures: `const res = yield* wait(client.get(url))` runs on
 * that coroutine's runtime; awaited from Node, a request runs on the client's `runtime` option or
 * the thread's default runtime. One client works from any runtime (pools are kept per runtime).
 * Streaming bodies are `AsyncIterable<Uint8Array>`: `for await (const chunk of res.body)`.
 */
export { Http } from './http.js';
export { HttpClient } from './client.js';
export type { ClientOptions, RequestOptions, TlsRequestOptions } from './options.js';
export type { RequestHeaders } from './request.js';
export type { BodyOptions, RequestParams } from './body-options.js';
export type { RequestBody, BlobLike, BodyChunk } from './request-body.js';
export { RequestFuture } from './request-future.js';
export { Response } from './response.js';
export { StreamingResponse, BodyStream, ChunkFuture } from './streaming.js';
export { Headers } from './headers.js';
export { HttpError, type HttpErrorCode, type RequestPhase } from './errors.js';
