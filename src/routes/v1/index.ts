// Every /v1 resource, one plugin per file.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorRoutes } from './actors.ts';
import { changeRoutes } from './changes.ts';
import { claimRoutes } from './claims.ts';
import { eventRoutes } from './events.ts';
import { extractionRoutes } from './extractions.ts';
import { graphRoutes } from './graph.ts';
import { locationRoutes } from './locations.ts';
import { sourceRoutes } from './sources.ts';
import { installQueryChecks } from './query-checks.ts';
import { installExports } from '../../exports/hooks.ts';
import { searchRoutes } from './search.ts';
import { timelineRoutes } from './timeline.ts';

export const v1Routes: FastifyPluginAsyncZod = async (app) => {
  installQueryChecks(app);
  installExports(app);
  await app.register(sourceRoutes);
  await app.register(actorRoutes);
  await app.register(locationRoutes);
  await app.register(eventRoutes);
  await app.register(claimRoutes);
  await app.register(timelineRoutes);
  await app.register(graphRoutes);
  await app.register(changeRoutes);
  await app.register(searchRoutes);
  await app.register(extractionRoutes);
};
