import { expect } from 'chai';
import { net } from '@ferrite/epoll';
import { FiberRuntime } from '../src/index.js';

const pair = () => net.tcpPair();

describe('fd waits', () => {
  it('a fiber reads a real socket to EOF, parking on waitReadable between writes', () => {
    using rt = new FiberRuntime();
    const [writer, reader] = pair();
    let result: [number, number] | null = null;
    rt.spawn('fdReader', { fd: reader.fd, onDone: (bytes, waits) => void (result = [bytes, waits]) });
    const chunk = new Uint8Array(1000).fill(7);
    for (let i = 0; i < 5; i++) {
      rt.step(); // the reader drains what is there and parks
      expect(writer.write(chunk)).to.equal(1000);
    }
    writer.close();
    rt.run(); // blocks in the runtime's epoll until EOF
    expect(result).to.not.equal(null);
    expect(result![0]).to.equal(5000);
    expect(result![1]).to.be.at.least(5);
    reader.close();
  });

  it('reports an error on a bad fd instead of hanging', () => {
    using rt = new FiberRuntime();
    let bytes = 0;
    rt.spawn('fdReader', { fd: 100_000, onDone: (b) => void (bytes = b) });
    rt.run();
    expect(bytes).to.equal(-9); // -EBADF
  });
});
