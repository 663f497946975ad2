import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import { GENERATOR_VERSION } from '../../engine/index.js';
import { ErrorDoc, operationDocs, RETAG, TAGS, type OperationDoc } from '../openapi-docs.js';

type Schema = Record<string, unknown>;

/** A copy of an object schema whose listed properties carry an example. */
function withExamples(schema: unknown, examples: Record<string, unknown> | undefined): unknown {
  if (!examples || !schema || typeof schema !== 'object') return schema;
  const s = schema as Schema & { properties?: Record<string, Schema> };
  const properties = { ...s.properties };
  for (const [name, value] of Object.entries(examples)) {
    if (properties[name]) properties[name] = { ...properties[name], examples: [value] };
  }
  return { ...s, properties };
}

/** Query parameters with a default are not required of the caller. */
function optionalDefaults(schema: unknown): unknown {
  if (!schema || typeof schema !== 'object') return schema;
  const s = schema as Schema & { properties?: Record<string, Schema>; required?: string[] };
  if (!s.required || !s.properties) return schema;
  const required = s.required.filter((name) => s.properties?.[name]?.default === undefined);
  return { ...s, required: required.length > 0 ? required : undefined };
}

/** Documented body: a whole schema replaces the route's; examples alone are added to it. */
function documentedBody(routeBody: unknown, doc: Schema | undefined): unknown {
  if (!doc) return routeBody;
  if ('type' in doc || 'properties' in doc || routeBody === undefined) return doc;
  return { ...(routeBody as Schema), ...doc };
}

/**
 * The schema each operation shows in /openapi.json: the route's own, with its security (every
 * keyed operation needs `X-API-Key`, the others say they need nothing), its tag folded into
 * TAGS, the richer bodies and examples of openapi-docs.ts, and the error envelope for 4xx/5xx.
 */
function transformer(docs: Record<string, OperationDoc>) {
  return ({ schema, url, route }: { schema: FastifySchema; url: string; route: RouteOptions }): { schema: FastifySchema; url: string } => {
    const s: Schema = { ...(schema as Schema | undefined) };
    const method = (Array.isArray(route.method) ? route.method[0] : route.method) ?? 'GET';
    const doc = docs[`${method} ${route.url}`] ?? {};
    const auth = (route.config as { auth?: string } | undefined)?.auth;
    s.security = auth ? [{ ApiKey: [] }] : [];
    if (Array.isArray(s.tags)) s.tags = (s.tags as string[]).map((t) => RETAG[t] ?? t);
    if (doc.body || s.body) s.body = documentedBody(s.body, doc.body);
    s.params = withExamples(s.params, doc.params);
    s.querystring = optionalDefaults(withExamples(s.querystring, doc.query));
    const response: Schema = { ...(s.response as Schema | undefined), ...doc.response };
    if (!('4xx' in response)) response['4xx'] = { ...ErrorDoc, description: auth ? 'An error: 401 without a valid key, 422 with every problem, 429 over a limit, …' : 'An error' };
    if (!('5xx' in response) && !('503' in response)) response['5xx'] = { ...ErrorDoc, description: 'Server error or a dependency unavailable (503 with Retry-After)' };
    s.response = response;
    for (const key of ['body', 'params', 'querystring']) if (s[key] === undefined) delete s[key];
    return { schema: s, url };
  };
}

/** OpenAPI 3 from the route schemas, served at `/openapi.json`, with interactive docs at `/docs`. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'medgen API',
        description: 'Military Medical Exercise Patient Generator — API v1. Authorize with an API key (the public demo key '
          + '`DEMO_MILMED_2025_50_PATIENTS`, the local owner key, or one from `medgen keys create`) to try the operations.',
        version: GENERATOR_VERSION,
      },
      tags: TAGS,
      components: { securitySchemes: { ApiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } } },
    },
    transform: transformer(operationDocs()),
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: false, uiConfig: { persistAuthorization: true } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
