// The ceiling of the mixed benchmark: a bare node:http route answering a fixed JSON body of the size
// asked for (`GET /bare/20480`), built once per size. No framework at all, so the service's figures
// divided by it say what the whole stack (Fastify, hooks, SQLite, hydration, JSON) costs.
import { createServer } from 'node:http';

const bodies = new Map<number, Buffer>();
const bodyOf = (size: number) => {
  let body = bodies.get(size);
  if (!body) {
    body = Buffer.from(`{"data":"${'x'.repeat(Math.max(0, size - 11))}"}`);
    bodies.set(size, body);
  }
  return body;
};

const server = createServer((request, response) => {
  const match = /^\/bare\/(\d+)$/.exec(request.url ?? '');
  if (!match) {
    response.writeHead(404).end();
    return;
  }
  const body = bodyOf(Math.min(10_000_000, Number(match[1])));
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  response.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 3902), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
