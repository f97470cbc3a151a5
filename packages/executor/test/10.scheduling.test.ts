import { expect } from 'chai';
import { coroutine, pollFn, Poll, PENDING, wait, joinAll, Context } from '@ferrite/future';
import { Trigger } from '@ferrite/future/testing';
import { sleep } from '@ferrite/reactor';
import { Runtime, spawn, yieldNow, currentRuntime } from '../src/index.js';
import { MODES, freshRuntime } from './util/modes.js';

for (const mode of MODES) {
  describe(`scheduling (${mode.name})`, () => {
    const each = freshRuntime();

    it('returns the value of the future', async () => {
      expect(await mode.exec(each.rt, coroutine(function* () {
        yield* wait(sleep(1));
        return 'value';
      })())).to.equal('value');
    });

    it('runs ready tasks in FIFO order', async () => {
      const order: number[] = [];
      await mode.exec(each.rt, coroutine(function* () {
        const hs = [1, 2, 3, 4].map((n) => spawn(coroutine(function* () {
          order.push(n);
          yield* wait(yieldNow());
          order.push(n + 10);
        })()));
        yield* wait(joinAll(hs));
      })());
      expect(order).to.deep.equal([1, 2, 3, 4, 11, 12, 13, 14]);
    });

    it('each wake is followed by a poll; many wakes before it runs merge into one', async () => {
      let polls = 0;
      const t = new Trigger<number>();
      const value = await mode.exec(each.rt, coroutine(function* () {
        const h = spawn(pollFn((cx: Context) => {
          polls++;
          return t.poll(cx);
        }));
        yield* wait(yieldNow()); // let it poll once and park on the trigger
        t.resolve(5);
        t.waker!.wake();
        t.waker!.wake();
        return yield* wait(h);
      })());
      expect(value).to.equal(5);
      expect(polls).to.equal(2);
    });

    it('waking a finished task is harmless', async () => {
      let saved: Context | null = null;
      await mode.exec(each.rt, pollFn((cx) => {
        saved = cx;
        return Poll.ready(1);
      }));
      expect(() => saved!.waker.wake()).not.to.throw();
      expect(each.rt.tasks).to.equal(0);
    });

    it('an always-ready task cannot starve the others', async () => {
      let spins = 0;
      let stop = false;
      const result = await mode.exec(each.rt, coroutine(function* () {
        spawn(pollFn((cx) => {
          if (stop) return Poll.ready(undefined);
          spins++;
          cx.waker.wakeByRef(); // always ready again
          return PENDING;
        }));
        yield* wait(sleep(20)); // needs the reactor to be turned while the spinner spins
        stop = true;
        return 'slept';
      })());
      expect(result).to.equal('slept');
      expect(spins).to.be.greaterThan(10);
    });

    it('a throwing task fails only its own JoinHandle', async () => {
      const out = await mode.exec(each.rt, coroutine(function* () {
        const bad = spawn(coroutine(function* () {
          yield* wait(yieldNow());
          throw new Error('task failed');
        })());
        const good = spawn(coroutine(function* () {
          yield* wait(sleep(5));
          return 'ok';
        })());
        let caught = '';
        try {
          yield* wait(bad);
        } catch (err) {
          caught = (err as Error).message;
        }
        return [caught, yield* wait(good)];
      })());
      expect(out).to.deep.equal(['task failed', 'ok']);
    });

    it('an error nobody awaits is reported, not dropped', async () => {
      const reported: unknown[] = [];
      each.rt.close();
      each.rt = new Runtime({ onUnhandledError: (e) => reported.push(e) });
      await mode.exec(each.rt, coroutine(function* () {
        spawn(coroutine(function* () {
          yield* wait(yieldNow());
          throw new Error('lost?');
        })()).detach();
        yield* wait(sleep(5));
      })());
      expect(reported.map((e) => (e as Error).message)).to.deep.equal(['lost?']);
    });

    it('a failed task whose JoinHandle was dropped is reported once the handle is collected', async () => {
      const reported: unknown[] = [];
      each.rt.close();
      each.rt = new Runtime({ onUnhandledError: (e) => reported.push(e) });
      await mode.exec(each.rt, coroutine(function* () {
        // The handle is not kept anywhere: nobody can ever await this error.
        (() => void spawn(coroutine(function* () {
          yield* wait(yieldNow());
          throw new Error('dropped handle');
        })()))();
        yield* wait(sleep(5));
      })());
      for (let i = 0; i < 20 && reported.length === 0; i++) {
        (globalThis as { gc?: () => void }).gc?.();
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(reported.map((e) => (e as Error).message)).to.deep.equal(['dropped handle']);
    });

    it('currentRuntime() is this runtime while tasks run', async () => {
      const seen = await mode.exec(each.rt, pollFn(() => Poll.ready(currentRuntime())));
      expect(seen).to.equal(each.rt);
    });

    it('the main future\'s error is thrown / rejected', async () => {
      let err: unknown;
      try {
        await mode.exec(each.rt, coroutine(function* () {
          yield* wait(sleep(1));
          throw Object.assign(new Error('main failed'), { code: 'E_MAIN' });
        })());
      } catch (e) {
        err = e;
      }
      expect(err).to.have.property('code', 'E_MAIN');
    });
  });
}
