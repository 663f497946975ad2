import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { App } from '../app-type.js';
import type { AppDeps } from '../context.js';

/** Paths of the single-page app's own pages: each answers with index.html (reloads, bookmarks). */
export const CLIENT_ROUTES = ['/', '/generate', '/jobs', '/timeline', '/dashboard', '/exercise', '/settings'];

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>medgen</title></head><body>
<h1>medgen</h1><p>The web UI has not been built. Run <code>npm run build</code> (or <code>npm install</code>) and restart the server.
The API is available under <a href="/docs">/docs</a>.</p></body></html>`;

/**
 * Serves the built web UI (web/dist) at `/`: hashed assets under /assets/ are cached for a
 * year, everything else revalidates; pre-compressed .br/.gz siblings are sent when the client
 * accepts them. Files are listed once at start-up (no wildcard route), so unknown paths keep
 * the API's 404 envelope.
 */
export async function registerWebRoutes(app: App, deps: AppDeps): Promise<void> {
  const root = deps.config.webDir;
  if (!existsSync(join(root, 'index.html'))) {
    app.log.warn({ webDir: root }, 'web UI not built; serving a notice at /');
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT));
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: false,
    preCompressed: true,
    // Cache-Control is ours (setHeaders): send's default would mark hashed assets max-age=0.
    cacheControl: false,
    globIgnore: ['**/*.gz', '**/*.br'],
    setHeaders(res, path) {
      const hashed = /[\\/]assets[\\/]/.test(path);
      res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  for (const route of CLIENT_ROUTES) {
    app.get(route, { schema: { hide: true } }, async (_request, reply) => reply.sendFile('index.html'));
  }
}
