// Child process for the epoll bench: opens N connections to the port and writes 16-byte messages
// round-robin for the given time, then closes them all. Raw non-blocking sockets, so the writer
// stays cheap and the reader under test is the bottleneck.
import { Events, Interest, Poll, WOULD_BLOCK, net } from '@ferrite/epoll';

const [port, conns, seconds] = process.argv.slice(2).map(Number) as [number, number, number];
const poll = new Poll();
const events = new Events(1024);
const streams: net.TcpStream[] = [];
for (let i = 0; i < conns; i++) {
  const s = net.TcpStream.connect({ host: '127.0.0.1', port });
  poll.registry().register(s, i, Interest.WRITABLE);
  streams.push(s);
}
let connected = 0;
while (connected < conns) {
  poll.poll(events, 1000);
  for (const e of events) {
    const err = streams[e.token]!.takeError();
    if (err) throw err;
    streams[e.token]!.setNodelay(true);
    connected++;
  }
}
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
process.stdin.destroy(); // or the open pipe keeps this process alive
const msg = new Uint8Array(16).fill(120);
const end = performance.now() + seconds * 1000;
let sent = 0;
while (performance.now() < end) {
  for (let r = 0; r < 16; r++) {
    for (const s of streams) if (s.write(msg) !== WOULD_BLOCK) sent++;
  }
}
for (const s of streams) s.close();
poll.close();
process.stdout.write(`${sent}\n`);
