// One of several OS processes writing to the same database file at once (concurrent-writers.test.ts):
// builds the app on DATABASE_PATH and sends WRITES writes through app.inject as fast as it can, every
// fifth one a small bundle import (a longer transaction). Prints one JSON line per write, then one
// with its busy retry counts.
import { buildApp } from '../../../src/app.ts';
import { busyStats } from '../../../src/db/busy.ts';

const [databasePath = '', token = '', count = '0', worker = 'w'] = process.argv.slice(2);
const app = await buildApp({ databasePath, seed: false });
const authorization = `Bearer ${token}`;

function smallBundle(tag: string) {
  const name = `Reporter ${tag}`;
  return {
    source: {
      title: `Note ${tag}`,
      publishedAt: '2024-05-01',
      language: 'en',
      text: `${name} said that note ${tag} was filed.`,
    },
    actors: [{ key: 'reporter', name, kind: 'person', evidence: [name] }],
    claims: [
      {
        key: 'filed',
        speaker: 'reporter',
        text: `Said that note ${tag} was filed.`,
        mode: 'reported_speech',
        stance: 'states',
        saidAt: { text: null, start: null, end: null, precision: 'unknown', approximate: false },
        evidence: `${name} said that note ${tag} was filed.`,
      },
    ],
  };
}

for (let i = 0; i < Number(count); i++) {
  const tag = `${worker}-${i}`;
  const kind = i % 5 === 4 ? 'import' : 'actor';
  const response =
    kind === 'import'
      ? await app.inject({ method: 'POST', url: '/v1/sources', headers: { authorization }, payload: smallBundle(tag) })
      : await app.inject({
          method: 'POST',
          url: '/v1/actors',
          headers: { authorization },
          payload: { name: `Writer ${tag}`, kind: 'person' },
        });
  const body = String(response.headers['content-type'] ?? '').includes('json') ? response.json() : null;
  const line = {
    worker,
    tag,
    kind,
    status: response.statusCode,
    id: kind === 'import' ? body?.source?.id : body?.id,
    retryAfter: response.headers['retry-after'] ?? null,
    contentType: response.headers['content-type'] ?? null,
    problem: response.statusCode >= 400 ? body : null,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
await app.close();
process.stdout.write(`${JSON.stringify({ worker, busyStats })}\n`);
