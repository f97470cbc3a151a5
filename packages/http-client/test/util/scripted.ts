// A scripted raw-TCP server: each test decides byte for byte what the "server" answers.
import { readdirSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';

export interface Scripted {
  url: string;
  port: number;
  /** Connections accepted so far. */
  connections: number;
  /** Every request head received, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** `reply(socket, requestHead, connectionIndex)` is called for every complete request head. */
export async function scripted(reply: (socket: Socket, request: string, conn: number) => void, host = '127.0.0.1'): Promise<Scripted> {
  const sockets = new Set<Socket>();
  const state: Scripted = {
    url: '',
    port: 0,
    connections: 0,
    requests: [],
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
  const server = createServer((socket) => {
    const conn = state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let pending = '';
    socket.on('data', (d) => {
      pending += d.toString('latin1');
      let at: number;
      while ((at = pending.indexOf('\r\n\r\n')) >= 0) {
        const head = pending.slice(0, at + 4);
        pending = pending.slice(at + 4);
        state.requests.push(head);
        reply(socket, head, conn);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  state.port = (server.address() as { port: number }).port;
  state.url = `http://${host.includes(':') ? `[${host}]` : host}:${state.port}`;
  return state;
}

/** Writes a response given as lines, joined with CRLF. */
export const send = (socket: Socket, ...parts: string[]) => socket.write(parts.join('\r\n'), 'latin1');

export const fdCount = () => readdirSync('/proc/self/fd').length;

/** Awaits `p` and returns its error's code (or 'resolved'). */
export async function codeOf(p: PromiseLike<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}
