/**
 * The book's chapter 4 program on @ferrite/epoll: five GET requests with delays 5, 4, 3, 2, 1
 * units, each on its own non-blocking socket registered edge-triggered with tokens 0..4. Epoll
 * reports the responses as they become readable, so they arrive in reverse order.
 *
 *   node --import tsx examples/ch04-epoll/main.ts [--unit 1000] [--port 8080]
 *
 * With no --port it starts a delay server in a child process (this thread will block in
 * epoll_wait, so the server cannot live in this process). --unit is the delay step in ms
 * (the book uses 1000; the default 200 keeps `npm start` short).
 */
import { parseArgs } from 'node:util';
import { spawnDelayServer } from '@ferrite/delayserver';
import { Events, Interest, Poll, WOULD_BLOCK, net } from '@ferrite/epoll';

const { values } = parseArgs({ options: { unit: { type: 'string', default: '200' }, port: { type: 'string' } } });
const unit = Number(values.unit);
const server = values.port === undefined ? await spawnDelayServer() : undefined;
const port = server?.port ?? Number(values.port);

const N_EVENTS = 5;
const poll = new Poll();
const streams: net.TcpStream[] = [];
const requests: string[] = [];

for (let i = 0; i < N_EVENTS; i++) {
  const delay = (N_EVENTS - i) * unit;
  requests.push(`GET /${delay}/request-${i} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
  const stream = net.TcpStream.connect({ host: '127.0.0.1', port });
  // Connecting is non-blocking: the request goes out when the socket first reports writable.
  poll.registry().register(stream, i, Interest.READABLE | Interest.WRITABLE);
  streams.push(stream);
}

const events = new Events(10);
const sent = new Set<number>();
const handled = new Set<number>();
const received: string[] = Array(N_EVENTS).fill('');
const buffer = new Uint8Array(4096);
const decoder = new TextDecoder();

while (handled.size < N_EVENTS) {
  poll.poll(events, null);
  if (events.isEmpty()) {
    console.log('TIMEOUT (OR SPURIOUS EVENT NOTIFICATION)');
    continue;
  }
  for (const event of events) {
    const id = event.token;
    const stream = streams[id]!;
    if (event.isWritable() && !sent.has(id)) {
      const err = stream.takeError();
      if (err) throw err;
      stream.write(new TextEncoder().encode(requests[id]!)); // small: fits the socket buffer
      sent.add(id);
    }
    if (!event.isReadable()) continue;
    // Edge-triggered: read until WOULD_BLOCK (more will come) or EOF (the response is complete).
    for (;;) {
      const n = stream.read(buffer);
      if (n === WOULD_BLOCK) break;
      if (n === 0) {
        if (!handled.has(id)) {
          handled.add(id);
          poll.registry().deregister(stream);
          stream.close();
          console.log(`RECEIVED: ${JSON.stringify(event.token)}`);
          console.log(received[id]);
          console.log('------\n');
        }
        break;
      }
      received[id] += decoder.decode(buffer.subarray(0, n), { stream: true });
    }
  }
}

console.log('FINISHED');
poll.close();
await server?.close();
