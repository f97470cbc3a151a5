// The book's Http::get before the real client exists: a GET written by hand over the async TCP
// stream, read until the server closes (the request says Connection: close).
import { coroutine, wait } from '@ferrite/future';
import { TcpStream } from '@ferrite/reactor';

export const httpGet = coroutine(function* (host: string, port: number, path: string) {
  using stream = yield* wait(TcpStream.connect({ host, port }));
  const request = `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;
  yield* wait(stream.writeAll(new TextEncoder().encode(request)));
  return new TextDecoder().decode(yield* wait(stream.readToEnd()));
});
