/**
 * @ferrite/delayserver: the book's delay server, as a library and a CLI (`delayserver`).
 *
 * ```ts
 * import { start } from '@ferrite/delayserver';
 * const server = await start({ port: 0 });
 * console.log(await (await fetch(`${server.url}/100/hello%20world`)).text()); // hello world
 * await server.close();
 * ```
 */
export { start, type StartOptions, type DelayServer } from './server.js';
export { spawnDelayServer, type ChildDelayServer } from './child.js';
