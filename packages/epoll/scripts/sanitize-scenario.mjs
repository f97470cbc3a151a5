// Exercises every native path of @ferrite/epoll once; run under valgrind by sanitize.mjs.
import { Events, Interest, Poll, Resolver, SignalListener, TimerFd, Waker, WOULD_BLOCK, net } from '../dist/index.js';

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
Waker.wake(waker.share());
const timer = new TimerFd();
poll.registry().register(timer, 3, Interest.READABLE, { mode: 'level' });
timer.set(1e300); // saturates
timer.set(1);
poll.poll(events, 1000);
timer.read();
timer.clear();
// Misuse is refused before any memory is touched.
for (const bad of [() => poll.poll({}, 0), () => client.read(new Float64Array(2)), () => timer.set(NaN)]) {
  try {
    bad();
    throw new Error('misuse accepted');
  } catch (err) {
    if (typeof err.code !== 'string' || err.message === 'misuse accepted') throw err;
  }
}
const sigusr2 = new SignalListener('SIGUSR2');
poll.registry().register(sigusr2, 5, Interest.READABLE);
process.kill(process.pid, 'SIGUSR2');
poll.poll(events, 1000);
if (sigusr2.read() !== 1) throw new Error('signal not seen');
sigusr2.close();
const resolver = new Resolver();
poll.registry().register(resolver, 4, Interest.READABLE);
resolver.lookup('localhost');
while (resolver.drain().length === 0) poll.poll(events, 1000);
try {
  net.TcpStream.connect('127.0.0.1:1').close();
} catch {}
// Unix sockets: an abstract name (sockaddr_un both ways), a missing path, a refused long one.
const unixName = `\0ferrite-sanitize-${process.pid}`;
const unixListener = net.UnixListener.bind(unixName);
const unixClient = net.UnixStream.connect(unixName);
let unixAccepted = unixListener.accept();
while (unixAccepted === WOULD_BLOCK) unixAccepted = unixListener.accept();
unixClient.write(new TextEncoder().encode('hi'));
unixClient.peerAddr();
unixClient.localAddr();
unixListener.localAddr();
for (const s of [unixClient, unixAccepted[0], unixListener]) s.close();
for (const path of ['/nonexistent/ferrite.sock', '/tmp/' + 'x'.repeat(200)]) {
  try {
    net.UnixStream.connect(path).close();
  } catch {}
}
await new Promise((resolve) => {
  poll.watch(() => {
    poll.poll(events, 0);
    poll.unwatch();
    resolve();
  });
  waker.wake();
});
// A worker that leaves a watch, a waker and lookups behind and ends: the async cleanup hook.
const { Worker } = await import('node:worker_threads');
const worker = new Worker(
  `import('${new URL('../dist/index.js', import.meta.url).href}').then(({ Poll, Resolver, Waker }) => {
     const poll = new Poll();
     new Waker(poll.registry(), 1).wake();
     const resolver = new Resolver();
     resolver.lookup('localhost');
     poll.watch(() => {});
     poll.unref();
   });`,
  { eval: true },
);
await new Promise((resolve, reject) => {
  worker.once('exit', resolve);
  worker.once('error', reject);
});
const cell = waker.share();
for (const s of [client, server, listener, waker, timer, resolver, poll]) s.close();
try {
  Waker.wake(cell);
  throw new Error('woke a closed waker');
} catch (err) {
  if (err.code !== 'ERR_CLOSED') throw err;
}
console.log('sanitize scenario ok');
