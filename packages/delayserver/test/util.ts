import { connect, type Socket } from 'node:net';

/** Sends raw bytes on one connection and collects what comes back until `done` says so. */
export async function rawExchange(port: number, request: string, done: (text: string) => boolean, sock?: Socket): Promise<{ text: string; socket: Socket }> {
  const socket = sock ?? connect(port, '127.0.0.1');
  socket.setEncoding('utf8');
  let text = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: string) => {
      text += chunk;
      if (done(text)) finish();
    };
    const onEnd = () => finish();
    const finish = () => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      resolve({ text, socket });
    };
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.once('error', reject);
    socket.write(request);
  });
}

export const responseComplete = (text: string) => {
  const m = /content-length: (\d+)/i.exec(text);
  const head = text.indexOf('\r\n\r\n');
  return m !== null && head >= 0 && Buffer.byteLength(text.slice(head + 4)) >= Number(m[1]);
};
