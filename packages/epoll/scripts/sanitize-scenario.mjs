// Exercises every native path of @ferrite/epoll once; run under valgrind by sanitize.mjs.
import { Events, Interest, Poll, Resolver, TimerFd, Waker, WOULD_BLOCK, net } from '../dist/index.js';

const poll = new Poll();
const events = new Events(16);
const listener = net.TcpListener.bind('127.0.0.1:0');
const client = net.TcpStream.connect(`127.0.0.1:${listener.localAddr().port}`);
poll.registry().register(client, 1, Interest.READABLE | Interest.WRITABLE);
poll.poll(events, 1000);
if (client.takeError() !== null) throw new Error('connect failed');
let accepted = listener.accept();
while (accepted === WOULD_BLOCK) accepted = listener.accept();
const [server] = accepted;
server.write(new TextEncoder().encode('hello'));
poll.poll(events, 1000);
const buf = new Uint8Array(16);
if (client.read(buf) !== 5 || client.read(buf) !== WOULD_BLOCK) throw new Error('read failed');
client.peerAddr();
client.setNodelay(true);
client.shutdown('write');
const waker = new Waker(poll.registry(), 2);
waker.wake();
Waker.wakeFd(waker.fd);
const timer = new TimerFd();
poll.registry().register(timer, 3, Interest.READABLE, { mode: 'level' });
timer.set(1);
poll.poll(events, 1000);
timer.read();
timer.clear();
const resolver = new Resolver();
poll.registry().register(resolver, 4, Interest.READABLE);
resolver.lookup('localhost');
while (resolver.drain().length === 0) poll.poll(events, 1000);
try {
  net.TcpStream.connect('127.0.0.1:1').close();
} catch {}
await new Promise((resolve) => {
  poll.watch(() => {
    poll.poll(events, 0);
    poll.unwatch();
    resolve();
  });
  waker.wake();
});
for (const s of [client, server, listener, waker, timer, resolver, poll]) s.close();
console.log('sanitize scenario ok');
