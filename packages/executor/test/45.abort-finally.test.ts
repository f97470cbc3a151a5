import { expect } from 'chai';
import { coroutine, wait } from '@ferrite/future';
import { TcpListener, TcpStream, sleep } from '@ferrite/reactor';
import { Runtime, spawn } from '../src/index.js';
import { MODES, fdCount } from './util/modes.js';

// Rust drops a cancelled task's locals; here, disposing an aborted task's coroutine runs its
// `finally` blocks, and `using` declarations are finally blocks: that is how a task closes what
// it holds.
for (const mode of MODES) {
  describe(`an aborted task runs its finally blocks and using declarations (${mode.name})`, () => {
    for (const style of ['try/finally', 'using'] as const) {
      it(`${style}: the socket it held is closed, its fd released`, async () => {
        using rt = new Runtime();
        await mode.exec(rt, sleep(0));
        const listener = TcpListener.bind('127.0.0.1:0');
        const port = listener.localAddr().port;
        const before = fdCount();
        const log: string[] = [];
        const held = await mode.exec(rt, coroutine(function* () {
          let fd = -1;
          const task = spawn(style === 'using'
            ? coroutine(function* () {
              using s = yield* wait(TcpStream.connect(`127.0.0.1:${port}`));
              fd = s.fd;
              yield* wait(s.readToEnd()); // the server never writes: suspended here when aborted
            })()
            : coroutine(function* () {
              const s = yield* wait(TcpStream.connect(`127.0.0.1:${port}`));
              fd = s.fd;
              try {
                yield* wait(s.readToEnd());
              } finally {
                s.close();
                log.push('finally');
              }
            })());
          const [conn] = yield* wait(listener.accept());
          yield* wait(sleep(5));
          const open = fdCount();
          task.abort();
          const closed = fdCount();
          conn.close();
          return { fd, freed: open - closed };
        })());
        listener.close();
        expect(held.fd).to.be.greaterThan(2);
        expect(held.freed, 'abort() closes the socket at once').to.equal(1);
        if (style === 'try/finally') expect(log).to.deep.equal(['finally']);
        expect(fdCount()).to.equal(before - 1); // the listener was open in the baseline
      });
    }
  });
}
