import { expect } from 'chai';
import { Poll, coroutine, pollFn, wait } from '@ferrite/future';
import { TcpListener, TcpStream, sleep } from '@ferrite/reactor';
import { Runtime, spawn, type JoinHandle } from '../src/index.js';
import { MODES, fdCount } from './util/modes.js';

const codeOf = (err: unknown) => (err as { code?: string })?.code;
// run() mode: the epoll fd under libuv is released from a loop callback; give it a turn.
const settle = () => new Promise((r) => setImmediate(r));

/** A task that connects to `port` and waits for data that never comes; `log` hears its finally. */
const idleClient = (port: number, log: string[], name: string) => coroutine(function* () {
  using s = yield* wait(TcpStream.connect(`127.0.0.1:${port}`));
  try {
    yield* wait(s.readToEnd());
  } finally {
    log.push(`${name} finally`);
  }
})();

for (const mode of MODES) {
  describe(`close() and abort() from inside a task (${mode.name})`, () => {
    it('close() inside the root task returns, completes when the task yields; the root fails ERR_CLOSED; no fd left', async () => {
      const before = fdCount();
      const rt = new Runtime();
      const log: string[] = [];
      let err: unknown;
      try {
        await mode.exec(rt, coroutine(function* () {
          const listener = TcpListener.bind('127.0.0.1:0');
          try {
            spawn(idleClient(listener.localAddr().port, log, 'sibling')).detach();
            using _conn = (yield* wait(listener.accept()))[0];
            yield* wait(sleep(5));
            rt.close();
            log.push('close returned');
            try {
              spawn(sleep(1));
            } catch (e) {
              log.push(`spawn: ${codeOf(e)}`);
            }
            yield* wait(sleep(10_000)); // the close is carried out here
            log.push('not reached');
          } finally {
            listener.close();
            log.push('root finally');
          }
        })());
      } catch (e) {
        err = e;
      }
      expect(codeOf(err)).to.equal('ERR_CLOSED');
      expect(log.slice(0, 2)).to.deep.equal(['close returned', 'spawn: ERR_CLOSED']);
      expect(log.slice(2)).to.have.members(['sibling finally', 'root finally']);
      expect(rt.tasks).to.equal(0);
      expect(() => rt.spawn(sleep(1))).to.throw().with.property('code', 'ERR_CLOSED');
      await settle();
      expect(fdCount()).to.equal(before);
    });

    it('close() from a spawned task: the root future fails ERR_CLOSED, every task is disposed', async () => {
      const before = fdCount();
      const rt = new Runtime();
      const log: string[] = [];
      let err: unknown;
      try {
        await mode.exec(rt, coroutine(function* () {
          try {
            const closer = spawn(coroutine(function* () {
              yield* wait(sleep(5));
              rt.close();
              yield* wait(sleep(10_000));
            })());
            yield* wait(closer);
          } finally {
            log.push('root finally');
          }
        })());
      } catch (e) {
        err = e;
      }
      expect(codeOf(err)).to.equal('ERR_CLOSED');
      expect(log).to.deep.equal(['root finally']);
      await settle();
      expect(fdCount()).to.equal(before);
    });

    it('a task aborting its own handle runs on until it yields, then is disposed: finally runs, socket closed', async () => {
      using rt = new Runtime();
      const reactor = rt.driver as unknown as { registrations: number };
      const log: string[] = [];
      await mode.exec(rt, sleep(0)); // the reactor exists (and, in run mode, is attached)
      const before = fdCount();
      const out = await mode.exec(rt, coroutine(function* () {
        const listener = TcpListener.bind('127.0.0.1:0');
        const self: { handle: JoinHandle<void> | null } = { handle: null };
        self.handle = spawn(coroutine(function* () {
          using s = yield* wait(TcpStream.connect(`127.0.0.1:${listener.localAddr().port}`));
          try {
            self.handle!.abort();
            log.push('ran on after abort()');
            yield* wait(s.readToEnd());
            log.push('not reached');
          } finally {
            log.push('finally');
          }
        })());
        const [conn] = yield* wait(listener.accept());
        let code: string | undefined;
        try {
          yield* wait(self.handle);
        } catch (e) {
          code = codeOf(e);
        }
        conn.close();
        listener.close();
        return { code, registrations: reactor.registrations };
      })());
      expect(out).to.deep.equal({ code: 'ERR_TASK_ABORTED', registrations: 0 });
      expect(log).to.deep.equal(['ran on after abort()', 'finally']);
      expect(fdCount()).to.equal(before);
      expect(await mode.exec(rt, pollFn(() => Poll.ready('still usable')))).to.equal('still usable');
    });

    it('a task that aborts itself and completes in the same poll keeps its value (as in tokio)', async () => {
      using rt = new Runtime();
      const value = await mode.exec(rt, coroutine(function* () {
        const self: { handle: JoinHandle<number> | null } = { handle: null };
        self.handle = spawn(pollFn(() => {
          self.handle!.abort();
          return Poll.ready(7);
        }));
        return yield* wait(self.handle);
      })());
      expect(value).to.equal(7);
    });
  });
}
