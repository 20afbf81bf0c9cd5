// Serves the web application (web/dist, built by `vite build` during `npm install`) from the same
// server as the API. Paths outside /api/ and /fhir/ that are not files get index.html, so the single-page
// app's own routes (/dos/services/12, /online, …) survive a reload. Without a build it serves a
// page that says how to make one, so `npm start` still works and the API is untouched.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { HttpEnv } from './http';

export const WEB_DIST_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Signpost — the web application is not built</title>
<style>body{font-family:Arial,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#212b32}
code{background:#f0f4f5;padding:0 .25rem}h1{font-size:1.75rem}</style></head>
<body><main><h1>The Signpost web application has not been built</h1>
<p>The server and its API are running (<a href="/api/health">/api/health</a>,
<a href="/api/openapi.json">/api/openapi.json</a>), but the screens need a build.</p>
<p>Run <code>npm install</code> (it builds the web application), or <code>npm run build:web</code>, then reload this page.</p>
</main></body></html>`;

/** The API and the FHIR server answer their own paths (with JSON, never the app's HTML). */
function isApiPath(p: string): boolean {
  return p === '/api' || p.startsWith('/api/') || p === '/fhir' || p.startsWith('/fhir/');
}

/** Mounts the built web application (or the "not built" page) on every GET outside /api and /fhir. */
export function mountWeb(app: Hono<HttpEnv>, distDir: string = WEB_DIST_DIR): void {
  const indexFile = path.join(distDir, 'index.html');
  const files = serveStatic({
    root: distDir,
    onFound: (filePath, c) => {
      // Vite names built assets by their content hash: they never change under the same name.
      if (filePath.includes(`${path.sep}assets${path.sep}`) && /-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(filePath)) {
        c.header('Cache-Control', 'public, max-age=31536000, immutable');
      } else {
        c.header('Cache-Control', 'no-cache');
      }
    },
  });
  app.on(['GET', 'HEAD'], '*', async (c, next) => {
    if (isApiPath(c.req.path)) return next();
    if (!existsSync(indexFile)) {
      c.header('Cache-Control', 'no-store');
      return c.html(NOT_BUILT_PAGE, 503);
    }
    if (c.req.path !== '/' && c.req.path !== '/index.html') {
      const served = await files(c, async () => {});
      if (served) return served;
      // A missing file with an extension (a stale asset) is a real 404, not the app.
      if (/\.[A-Za-z0-9]{1,8}$/.test(c.req.path)) return c.text('Not found', 404);
    }
    c.header('Cache-Control', 'no-cache');
    c.header('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self'; connect-src 'self'; frame-ancestors 'none'");
    return c.html(readFileSync(indexFile, 'utf8'));
  });
}
