import { expect } from 'chai';
import { Events, Interest, Poll, net } from '../src/index.js';

describe('non-blocking connect', () => {
  it('to a listening port: writable, takeError() is null, peerAddr() known', () => {
    using poll = new Poll();
    const events = new Events(4);
    using listener = net.TcpListener.bind('127.0.0.1:0');
    const port = listener.localAddr().port;
    using stream = net.TcpStream.connect(`127.0.0.1:${port}`);
    poll.registry().register(stream, 1, Interest.WRITABLE);
    expect(poll.poll(events, 1000)).to.equal(1);
    expect(events.get(0).isWritable()).to.equal(true);
    expect(stream.takeError()).to.equal(null);
    expect(stream.peerAddr()).to.deep.equal({ address: '127.0.0.1', port, family: 'IPv4' });
  });

  it('to a closed port: an error event, then takeError() is ECONNREFUSED', () => {
    using poll = new Poll();
    const events = new Events(4);
    // Bind then close to find a port nobody listens on.
    const probe = net.TcpListener.bind('127.0.0.1:0');
    const port = probe.localAddr().port;
    probe.close();
    using stream = net.TcpStream.connect({ host: '127.0.0.1', port });
    poll.registry().register(stream, 5, Interest.READABLE | Interest.WRITABLE);
    expect(poll.poll(events, 1000)).to.equal(1);
    const event = events.get(0);
    expect(event.token).to.equal(5);
    expect(event.isError()).to.equal(true);
    expect(event.isWriteClosed()).to.equal(true);
    const err = stream.takeError();
    expect(err).to.include({ code: 'ECONNREFUSED', errno: -111, syscall: 'connect' });
    expect(stream.takeError()).to.equal(null);
  });
});
