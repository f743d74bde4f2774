// Requests written byte for byte on a TCP socket to 127.0.0.1: what app.inject and fetch cannot send
// (a Host with a space, HTTP/1.0 without Host, an absolute-form request line, raw non-ASCII bytes in a
// query, a malformed Transfer-Encoding). Reads until the server closes the connection.
import { connect } from 'node:net';

export type RawResponse = {
  status: number;
  headers: Record<string, string>;
  /** The body, de-chunked when the answer was chunked. */
  body: string;
  /** Parsed when the body is JSON, else undefined. */
  json: any;
};

function dechunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(raw.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** Sends `request` (text or bytes) as is and parses the first answer. */
export async function rawRequest(port: number, request: string | Buffer, timeoutMs = 10_000): Promise<RawResponse> {
  const received = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`no answer to ${JSON.stringify(String(request).slice(0, 80))} within ${timeoutMs} ms`)),
    );
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
  const headEnd = received.indexOf('\r\n\r\n');
  if (headEnd < 0) throw new Error(`no HTTP answer: ${JSON.stringify(received.toString('latin1').slice(0, 200))}`);
  const [statusLine, ...lines] = received.subarray(0, headEnd).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let bodyBytes = received.subarray(headEnd + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) bodyBytes = dechunk(bodyBytes);
  else if (headers['content-length'] !== undefined)
    bodyBytes = bodyBytes.subarray(0, Number(headers['content-length']));
  const body = bodyBytes.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status: Number(statusLine!.split(' ')[1]), headers, body, json };
}
