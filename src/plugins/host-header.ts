// Refuses a malformed Host header with a 400 problem. The service never builds a URL from Host
// (PUBLIC_URL decides every absolute URL), but a request naming no sane authority is a broken
// request (RFC 9112 §3.2: a server MUST answer 400 to an invalid Host) and must not reach a route.
// HTTP/1.0 may omit Host; HTTP/1.1 must send it (Node's own check, which answers an empty 400, is
// turned off in app.ts so that this one answers with a problem).
import type { FastifyInstance } from 'fastify';
import { InvalidRequestError } from '../errors.ts';

// RFC 3986 host: an IP literal in brackets, or a reg-name (unreserved, %-escapes, sub-delims); then an optional port.
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~%!$&'()*+,;=]+)(?::(\d{0,5}))?$/;

/** Why `host` is not a valid Host header value, or undefined when it is. */
export function hostProblem(host: string): string | undefined {
  if (host === '') return 'is empty: name the host (and port) the request is for';
  const match = HOST.exec(host);
  if (!match) return 'is not a host[:port] (it holds a character a host name cannot have, such as a space)';
  const port = match[1];
  if (port && Number(port) > 65535) return `names port ${port}, which does not exist (ports are 0..65535)`;
  return undefined;
}

export function installHostCheck(app: FastifyInstance) {
  app.addHook('onRequest', function checkHost(request, _reply, done) {
    const host = request.headers.host;
    if (host === undefined && request.raw.httpVersion === '1.0') return done();
    const problem = host === undefined ? 'is missing: an HTTP/1.1 request must name its host' : hostProblem(host);
    if (problem)
      return done(new InvalidRequestError([{ path: 'headers.host', message: problem }], `The Host header ${problem}.`));
    done();
  });
}
