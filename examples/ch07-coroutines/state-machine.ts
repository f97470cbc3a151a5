/**
 * The book's chapter 7 coroutine, written by hand: a state machine with the states Start, Wait1,
 * Wait2 and Resolved, exactly what corofy generates from
 *
 *   coroutine fn async_main() {
 *       println!("Program starting");
 *       let txt = Http::get("/600/HelloWorld1").wait;  println!("{txt}");
 *       let txt = Http::get("/400/HelloWorld2").wait;  println!("{txt}");
 *   }
 */
import { PENDING, Poll, type Context, type Future } from '@ferrite/future';
import type { ManualClock } from '@ferrite/future/testing';
import { fakeGet } from './fake-http.js';

type State =
  | { kind: 'Start' }
  | { kind: 'Wait1'; future: Future<string> }
  | { kind: 'Wait2'; future: Future<string> }
  | { kind: 'Resolved' };

export class Coroutine implements Future<void> {
  #state: State = { kind: 'Start' };

  constructor(
    readonly clock: ManualClock,
    readonly log: (line: string) => void,
  ) {}

  poll(cx: Context): Poll<void> {
    for (;;) {
      const state = this.#state;
      switch (state.kind) {
        case 'Start': {
          this.log('Program starting');
          this.#state = { kind: 'Wait1', future: fakeGet(this.clock, '/600/HelloWorld1') };
          break;
        }
        case 'Wait1': {
          const p = state.future.poll(cx);
          if (p === PENDING) return PENDING;
          this.log(p.value);
          this.#state = { kind: 'Wait2', future: fakeGet(this.clock, '/400/HelloWorld2') };
          break;
        }
        case 'Wait2': {
          const p = state.future.poll(cx);
          if (p === PENDING) return PENDING;
          this.log(p.value);
          this.#state = { kind: 'Resolved' };
          return Poll.ready(undefined);
        }
        case 'Resolved':
          throw new Error('Polled a resolved future');
      }
    }
  }
}
