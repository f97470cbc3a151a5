/**
 * One URL, fetched as the flags ask: its method and request body (-X, -d, -T), then the response
 * buffered (-I, -v) or streamed, to a file (-o, -O) or counted and dropped; a streamed body is
 * written chunk by chunk, so memory stays bounded whatever its size.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { HttpClient } from '../client.js';
import type { RequestBody } from '../request-body.js';
import { counted } from './body.js';
import type { Progress } from './progress.js';
import { headText, type Result } from './output.js';

export interface Job {
  url: string;
  file: string | null;
}

export interface Mode {
  /** The method sent: -X, else HEAD for -I, PUT for -T, POST with data, GET. */
  method: string;
  /** The request body, or undefined; a replayable one (a Blob) is sent to every URL. */
  body: RequestBody | undefined;
  head: boolean;
  verbose: boolean;
  include: boolean;
  fail: boolean;
}

export async function fetchOne(client: HttpClient, job: Job, mode: Mode, progress: Progress): Promise<Result> {
  const t0 = performance.now();
  const r: Result = { url: job.url, file: job.file, status: null, statusText: '', bytes: 0, ttfb: null, total: 0, error: null, exit: 0, extra: '' };
  const t = progress.begin(job.file ?? job.url);
  // On a terminal the body is counted as it is pulled, for the upload bar; piped, it goes as is.
  let body = mode.body;
  if (body !== undefined && progress.enabled) {
    t.sendTotal = body instanceof Blob ? body.size : null;
    body = counted(body, (n) => (t.sent += n));
  }
  // A body on GET or HEAD is only there when -X asked for it: curl sends it, so do we.
  const p = { method: mode.method, url: job.url, body, allowGetBody: body !== undefined };
  let fh: FileHandle | null = null;
  try {
    if (mode.head || (mode.verbose && job.file === null)) {
      // Buffered: -I has no body; -v prints the body after the result line.
      const res = await client.request(p);
      r.ttfb = performance.now() - t0;
      Object.assign(r, { status: res.status, statusText: res.statusText, bytes: res.body.length });
      if (mode.fail && res.status >= 400) return failed(r);
      const head = mode.head || mode.include ? headText(res) : '';
      if (job.file !== null) {
        fh = await openOutput(job.file, r);
        if (fh === null) return r;
        await fh.write(head);
      } else {
        r.extra = mode.head ? head : `${head}${new TextDecoder().decode(res.body)}\n`;
      }
      return r;
    }
    const res = await client.requestStream({ ...p, maxBodySize: Infinity });
    r.ttfb = performance.now() - t0;
    Object.assign(r, { status: res.status, statusText: res.statusText });
    if (mode.fail && res.status >= 400) {
      res.cancel();
      return failed(r);
    }
    const length = Number(res.headers.get('content-length') ?? NaN);
    t.total = Number.isSafeInteger(length) ? length : null;
    t.receiving = true;
    if (job.file !== null) {
      fh = await openOutput(job.file, r);
      if (fh === null) {
        res.cancel();
        return r;
      }
      if (mode.include) await fh.write(headText(res));
    } else if (mode.include) {
      r.extra = headText(res);
    }
    for await (const chunk of res.body) {
      if (fh !== null && !(await writeAll(fh, chunk, r))) {
        res.cancel();
        return r;
      }
      r.bytes += chunk.length;
      t.bytes = r.bytes;
    }
    return r;
  } catch (err) {
    const e = err as { code?: string; message: string };
    r.error = { code: e.code ?? 'ERR_UNKNOWN', message: e.message };
    r.exit = 1;
    return r;
  } finally {
    await fh?.close().catch(() => {});
    r.total = performance.now() - t0;
    progress.end(t);
  }
}

function failed(r: Result): Result {
  r.error = { code: 'ERR_HTTP_STATUS', message: `the server answered ${r.status}` };
  r.exit = 22;
  return r;
}

/** Opens (creates, truncates) an output file; on failure records exit 23 (curl's write error). */
async function openOutput(file: string, r: Result): Promise<FileHandle | null> {
  try {
    return await open(file, 'w');
  } catch (err) {
    writeFailed(r, err);
    return null;
  }
}

async function writeAll(fh: FileHandle, chunk: Uint8Array, r: Result): Promise<boolean> {
  try {
    await fh.write(chunk);
    return true;
  } catch (err) {
    writeFailed(r, err);
    return false;
  }
}

function writeFailed(r: Result, err: unknown): void {
  const e = err as { code?: string; message: string };
  r.error = { code: e.code ?? 'ERR_WRITE', message: e.message };
  r.exit = 23;
}
