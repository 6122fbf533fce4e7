import net from 'node:net';

export interface RawAnswer {
  /** The status of the answer's status line; 0 when the server closed without one. */
  status: number;
  text: string;
}

/**
 * One raw HTTP/1.1 exchange on a socket: what no fetch client lets one send (absolute-form request targets,
 * odd spacing). Rejects with a "hang" error when no answer comes within `timeoutMs`.
 */
export function rawHttp(url: string, request: string, timeoutMs = 10_000): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let text = '';
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`hang: no answer to ${JSON.stringify(request.slice(0, 80))}`));
    });
    socket.on('data', (d: Buffer) => {
      text += d.toString('utf8');
      const head = text.indexOf('\r\n\r\n');
      const len = /content-length:\s*(\d+)/i.exec(text);
      if (head >= 0 && len && Buffer.byteLength(text.slice(head + 4)) >= Number(len[1])) socket.end();
    });
    socket.on('error', (err) => (text ? undefined : reject(err)));
    socket.on('close', () =>
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0), text }),
    );
    socket.write(request);
  });
}
