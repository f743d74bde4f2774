// While the server shuts down (server.ts, on SIGTERM): requests already in flight are answered, and
// each answer then ends its connection, so a kept-alive client does not hold the shutdown open.
// New connections are refused by fastify's close itself.
import type { FastifyInstance } from 'fastify';

export function installGracefulClose(app: FastifyInstance) {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', function closeWhenClosing(_request, reply, payload, done) {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
}
