/**
 * The live display on a terminal (stderr): a summary line, then one bar per transfer in flight
 * (name, bytes, percentage when the size is known, rate, ETA), the request body's while it is
 * sent (when its size is known), then the response's. Redrawn in place every 100 ms;
 * `clear()` wipes it before a result line is printed and at the end, so that the terminal keeps
 * only results. Off (every method a no-op) when stderr is not a terminal.
 */
import type { WriteStream } from 'node:tty';

export interface Transfer {
  name: string;
  bytes: number;
  /** Content-Length, if the server sent one. */
  total: number | null;
  started: number;
  /** The response head has arrived: the body is being received. */
  receiving: boolean;
  /** Request body bytes handed to the client so far, and its size when known (null: no body, or of unknown size). */
  sent: number;
  sendTotal: number | null;
}

const MAX_BARS = 8;

export class Progress {
  readonly #out: WriteStream | null;
  readonly #transfers = new Set<Transfer>();
  readonly #t0 = performance.now();
  #ticker: NodeJS.Timeout | null = null;
  #lines = 0;
  #done = 0;

  constructor(out: NodeJS.WriteStream, readonly count: number) {
    this.#out = out.isTTY === true ? (out as WriteStream) : null;
    if (this.#out) this.#ticker = setInterval(() => this.draw(), 100);
  }

  get enabled(): boolean {
    return this.#out !== null;
  }

  begin(name: string): Transfer {
    const t: Transfer = { name, bytes: 0, total: null, started: performance.now(), receiving: false, sent: 0, sendTotal: null };
    this.#transfers.add(t);
    return t;
  }

  end(t: Transfer): void {
    this.#transfers.delete(t);
    this.#done++;
  }

  draw(): void {
    if (!this.#out) return;
    const width = Math.max(40, (this.#out.columns || 80) - 1);
    const secs = ((performance.now() - this.#t0) / 1000).toFixed(1);
    const lines = [`${this.#done}/${this.count} done, ${this.count - this.#done} in flight, ${secs} s`];
    for (const t of [...this.#transfers].slice(0, MAX_BARS)) lines.push(bar(t, width));
    this.clear();
    this.#out.write(lines.join('\n'));
    this.#lines = lines.length;
  }

  /** Wipes what draw() drew: back to its first line's start, then erase to the end of the screen. */
  clear(): void {
    if (!this.#out || this.#lines === 0) return;
    this.#out.write(`\r${this.#lines > 1 ? `\x1b[${this.#lines - 1}A` : ''}\x1b[0J`);
    this.#lines = 0;
  }

  stop(): void {
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = null;
    this.clear();
  }
}

function bar(t: Transfer, width: number): string {
  const secs = (performance.now() - t.started) / 1000;
  const rate = secs > 0 ? t.bytes / secs : 0;
  const size = `${bytes(t.bytes)}${t.total !== null ? ` / ${bytes(t.total)}` : ''}`;
  const eta = t.total !== null && rate > 0 ? `ETA ${duration((t.total - t.bytes) / rate)}` : 'ETA --';
  const tail = ` ${size}  ${bytes(rate)}/s  ${eta}`.padEnd(40);
  const nameWidth = Math.min(24, Math.max(8, Math.floor(width / 4)));
  const name = t.name.length > nameWidth ? `…${t.name.slice(-(nameWidth - 1))}` : t.name.padEnd(nameWidth);
  if (!t.receiving && t.sendTotal !== null && t.sendTotal > 0) return upBar(t, name, secs, width);
  if (!t.receiving) return `${name} waiting for the response, ${secs.toFixed(1)} s`.slice(0, width);
  const room = Math.max(10, width - name.length - tail.length - 8);
  if (t.total === null || t.total === 0) {
    // Size unknown: a marker bouncing along the bar, as wget does.
    const pos = Math.floor(secs * 4) % (room - 2);
    return `${name}      [${' '.repeat(pos)}<=>${' '.repeat(room - 3 - pos)}]${tail}`.slice(0, width);
  }
  const frac = Math.min(1, t.bytes / t.total);
  const filled = Math.round(frac * room);
  return `${name} ${String(Math.floor(frac * 100)).padStart(3)}% [${'='.repeat(filled)}${' '.repeat(room - filled)}]${tail}`.slice(0, width);
}

/** While the request body goes out (its size known): `sending` and the same bar over the bytes sent. */
function upBar(t: Transfer, name: string, secs: number, width: number): string {
  const total = t.sendTotal!;
  const rate = secs > 0 ? t.sent / secs : 0;
  const eta = rate > 0 ? `ETA ${duration((total - t.sent) / rate)}` : 'ETA --';
  const tail = ` ${bytes(t.sent)} / ${bytes(total)}  ${bytes(rate)}/s  ${eta}`.padEnd(40);
  const room = Math.max(10, width - name.length - tail.length - 16);
  const frac = Math.min(1, t.sent / total);
  const filled = Math.round(frac * room);
  return `${name} sending ${String(Math.floor(frac * 100)).padStart(3)}% [${'='.repeat(filled)}${' '.repeat(room - filled)}]${tail}`.slice(0, width);
}

export function bytes(n: number): string {
  if (n < 1024) return `${Math.round(n)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let i = -1;
  do {
    n /= 1024;
    i++;
  } while (n >= 1024 && i < units.length - 1);
  return `${n.toFixed(1)} ${units[i]}`;
}

function duration(s: number): string {
  if (!Number.isFinite(s)) return '--';
  if (s < 60) return `${Math.ceil(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
