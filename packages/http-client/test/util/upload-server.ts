// A raw TCP server for upload tests: each connection's bytes are collected, and `onHead` decides,
// once the request head is in, what the server does (answer now, read on or not, close).
import { createServer, type Socket } from 'node:net';

export interface UploadConn {
  socket: Socket;
  head: string;
  /** Body bytes received after the head so far (raw: chunk framing included). */
  bodyBytes: number;
}

export interface UploadServer {
  url: string;
  conns: UploadConn[];
  close(): Promise<void>;
}

/** `onHead(conn)` once per connection, when its first request head is complete. */
export async function uploadServer(onHead: (c: UploadConn) => void, onData?: (c: UploadConn) => void): Promise<UploadServer> {
  const conns: UploadConn[] = [];
  const server = createServer((socket) => {
    socket.on('error', () => {});
    let buf = '';
    let conn: UploadConn | null = null;
    socket.on('data', (d) => {
      if (conn !== null) {
        conn.bodyBytes += d.length;
        onData?.(conn);
        return;
      }
      buf += d.toString('latin1');
      const at = buf.indexOf('\r\n\r\n');
      if (at < 0) return;
      conn = { socket, head: buf.slice(0, at + 4), bodyBytes: buf.length - at - 4 };
      conns.push(conn);
      onHead(conn);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    conns,
    close: () => new Promise<void>((done) => {
      for (const c of conns) c.socket.destroy();
      server.close(() => done());
    }),
  };
}

/** Resolves once `cond()` holds (checked every 5 ms), or rejects after `ms`. */
export async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
}
