/**
 * `Http.get(url)`: the book's API. A one-shot request on a connection of its own, closed after
 * the response (`Connection: close`), so nothing outlives the future.
 */
import { HttpClient } from './client.js';
import type { RequestOptions } from './options.js';
import type { RequestFuture } from './request-future.js';
import type { Response } from './response.js';

const oneShot = new HttpClient({ keepAlive: false, maxConnections: Number.MAX_SAFE_INTEGER });

export const Http = {
  get(url: string | URL, opts?: RequestOptions): RequestFuture<Response> {
    return oneShot.get(url, opts);
  },
};
