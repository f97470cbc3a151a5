/**
 * The main sample (`npm start` at the repository root): a local delay server and `ferrite-get`,
 * the HTTP client's command-line tool, fetching the book's five delayed URLs (0 to 4 units)
 * concurrently. The whole run takes about 4 units, not 10.
 *
 *   node --import tsx examples/ch08-runtime/d-ferrite-get.ts [--unit 1000] [-v]
 *
 * The delay server lives here, not in @ferrite/http-client: a user installing the client gets no
 * test server. ferrite-get runs as its own process, as a user would run it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { start } from '@ferrite/delayserver';

const { values } = parseArgs({ options: { unit: { type: 'string', default: '1000' }, verbose: { type: 'boolean', short: 'v', default: false } } });
const unit = Number(values.unit);

// ferrite-get as installed: the `bin` of @ferrite/http-client.
const manifest = fileURLToPath(import.meta.resolve('@ferrite/http-client/package.json'));
const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> }).bin['ferrite-get']!;
const cli = join(dirname(manifest), bin);

const server = await start({ port: 0 });
const urls = [0, 1, 2, 3, 4].map((i) => `${server.url}/${i * unit}/HelloAsyncAwait${i}`);
const child = spawn(process.execPath, [cli, ...(values.verbose ? ['-v'] : []), ...urls], { stdio: 'inherit' });
const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
await server.close();
process.exitCode = code ?? 1;
