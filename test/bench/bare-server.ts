// The ceiling of the HTTP benchmark: a bare Fastify route answering a fixed JSON body of the size
// asked for (`GET /bare/20480`), built once per size, so the service's figures can be divided by it.
import Fastify from 'fastify';

const bodies = new Map<number, string>();
const bodyOf = (size: number) => {
  let body = bodies.get(size);
  if (!body) {
    body = `{"data":"${'x'.repeat(Math.max(0, size - 11))}"}`;
    bodies.set(size, body);
  }
  return body;
};

const app = Fastify({ logger: false });
app.get<{ Params: { size: string } }>('/bare/:size', async (request, reply) => {
  reply.type('application/json; charset=utf-8');
  return bodyOf(Math.min(10_000_000, Number(request.params.size) || 0));
});
await app.listen({ port: Number(process.env.PORT ?? 3902), host: '127.0.0.1' });
