// A stand-in for the book's Http::get until the real client exists: a future that completes
// with the path's message after the path's delay, on a simulated clock.
import { map, type Future } from '@ferrite/future';
import type { ManualClock } from '@ferrite/future/testing';

/** `get(clock, '/600/HelloWorld1')`: after 600 simulated ms, the text 'HelloWorld1'. */
export function fakeGet(clock: ManualClock, path: string): Future<string> {
  const [, delay, message] = /^\/(\d+)\/(.*)$/.exec(path)!;
  return map(clock.sleep(Number(delay)), () => message!);
}
