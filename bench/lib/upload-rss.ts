// One side of the uploads benchmark's memory figure, in a fresh process (a peak RSS is a
// process's high-water mark, so the sides cannot share one): COUNT uploads of FILE, one after
// the other, streamed from the file as each client streams one (ferrite: a Blob over the file,
// fs.openAsBlob; undici: fs.createReadStream with its Content-Length). Prints the peak RSS rise
// over the RSS before the first upload, in bytes.
//   node --import tsx bench/lib/upload-rss.ts ferrite|undici URL FILE COUNT
import { createReadStream, openAsBlob, statSync } from 'node:fs';
import { HttpClient } from '@ferrite/http-client';
import { request } from 'undici';

const [side, url, file, count] = process.argv.slice(2) as [string, string, string, string];
const size = statSync(file).size;
const client = new HttpClient();
const rss0 = process.memoryUsage().rss;
for (let i = 0; i < Number(count); i++) {
  let got: string;
  if (side === 'ferrite') {
    got = (await client.put(url, { body: await openAsBlob(file) })).text();
  } else {
    const res = await request(url, { method: 'PUT', body: createReadStream(file), headers: { 'content-length': String(size) } });
    got = await res.body.text();
  }
  if (got !== String(size)) throw new Error(`${side}: the server read ${got} bytes of ${size}`);
}
client.close();
process.stdout.write(`${process.resourceUsage().maxRSS * 1024 - rss0}\n`);
