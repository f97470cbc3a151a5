/**
 * ferrite-get's run: the command line, the URL list (arguments, -K files, stdin), at most
 * --parallel requests at once on one keep-alive client, a result per URL as it completes, the
 * exit code. Returns the exit code rather than exiting, so that pending output is flushed.
 */
import { readFile } from 'node:fs/promises';
import { HttpClient } from '../client.js';
import { parseCommandLine, UsageError, urlLines, type Config } from './args.js';
import { uploadOf, uploadUrl } from './body.js';
import { fetchOne, type Job, type Mode } from './fetch.js';
import { HELP, USAGE } from './help.js';
import { jsonLine, remoteName, resultLine, type Result } from './output.js';
import { Progress } from './progress.js';

export async function main(argv: string[]): Promise<number> {
  let config: Config;
  let jobs: Job[];
  let mode: Mode;
  let client: HttpClient;
  try {
    config = parseCommandLine(argv);
    if (config.help) {
      process.stdout.write(HELP);
      return 0;
    }
    jobs = await jobsOf(config);
    mode = await modeOf(config, jobs.length);
    client = new HttpClient({ maxConnections: Math.min(config.parallel, Math.max(1, jobs.length)), defaults: config.request });
  } catch (err) {
    if (!(err instanceof UsageError) && (err as { code?: string }).code?.startsWith('ERR_') !== true) throw err;
    process.stderr.write(`ferrite-get: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }

  const progress = new Progress(process.stderr, jobs.length);
  // Ctrl-C leaves the terminal clean (files written so far stay, as with curl); 130 as a shell reports it.
  const interrupted = () => {
    progress.stop();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  // A reader that goes away (`| head`) ends the run quietly with curl's write-error code (23),
  // not an unhandled EPIPE stack trace.
  process.stdout.on('error', () => {
    progress.stop();
    process.exit(23);
  });
  const t0 = performance.now();
  const results: Result[] = [];
  const print = (r: Result) => {
    progress.clear();
    process.stdout.write(config.json ? `${jsonLine(r)}\n` : `${resultLine(r)}\n${r.extra}`);
    progress.draw();
  };
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const r = await fetchOne(client, jobs[next++]!, mode, progress);
      results.push(r);
      print(r);
    }
  };
  progress.draw();
  await Promise.all(Array.from({ length: Math.min(config.parallel, jobs.length) }, worker));
  progress.stop();
  process.off('SIGINT', interrupted);
  client.close();

  const failed = results.filter((r) => r.exit !== 0).length;
  if (!config.json) {
    const secs = ((performance.now() - t0) / 1000).toFixed(2);
    process.stdout.write(`${jobs.length} requests in ${secs} s${failed ? `, ${failed} failed` : ''}\n`);
  }
  // Several failures of different kinds: the lowest code wins (a network error over an HTTP one).
  return results.reduce((code, r) => (r.exit !== 0 && (code === 0 || r.exit < code) ? r.exit : code), 0);
}

/** The URLs in order (arguments, then -K files, then stdin), each with its output file (-o in order, else -O's name). */
async function jobsOf(config: Config): Promise<Job[]> {
  const urls = [...config.urls];
  for (const file of config.urlFiles) {
    try {
      urls.push(...urlLines(await readFile(file, 'utf8')));
    } catch (err) {
      throw new UsageError(`cannot read -K ${file}: ${(err as Error).message}`);
    }
  }
  if (config.fromStdin) {
    let text = '';
    for await (const chunk of process.stdin) text += chunk;
    urls.push(...urlLines(text));
  }
  if (urls.length === 0) throw new UsageError('no URL given');
  if (config.outputs.length > urls.length) throw new UsageError(`${config.outputs.length} -o files for ${urls.length} URLs`);
  return urls.map((u, i) => {
    const url = uploadUrl(u, config.uploadFile);
    return { url, file: config.outputs[i] ?? (config.remoteName ? remoteName(url) : null) };
  });
}

/**
 * The method and body every URL gets. The headers the body implies (Content-Type, and Accept for
 * --json-data) join the -H ones unless -H names them. stdin serves either the URL list or one body.
 */
async function modeOf(config: Config, urls: number): Promise<Mode> {
  const readsStdin = config.uploadFile === '-' || config.data.some((d) => d.flag !== 'data-raw' && d.value === '@-');
  if (readsStdin && config.fromStdin) throw new UsageError('stdin cannot give both the URLs and the body (@- or -T -)');
  const upload = await uploadOf(config.data, config.uploadFile, process.stdin);
  if (upload?.oneShot === true && urls > 1) throw new UsageError(`a body streamed from stdin can be sent once, not to ${urls} URLs`);
  const headers = config.request.headers as [string, string][];
  for (const [name, value] of upload?.headers ?? []) {
    if (!headers.some(([n]) => n.toLowerCase() === name.toLowerCase())) headers.push([name, value]);
  }
  const method = config.method ?? (config.head ? 'HEAD' : upload?.method ?? 'GET');
  if (method.toUpperCase() === 'TRACE' && upload !== null) throw new UsageError('-X TRACE may not have a body (RFC 9110 §9.3.8)');
  return { ...config, method, body: upload?.body };
}
