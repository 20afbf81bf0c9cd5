// Builds the web application into web/dist, which the server serves (src/platform/web.ts).
// Runs offline: everything comes from node_modules.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const nhsImages = path.resolve(here, '../node_modules/nhsuk-frontend/dist/nhsuk/assets/images');

/** The NHS.UK stylesheet refers to its icons at /assets/images/…: ship them there. */
function nhsukImages(): Plugin {
  return {
    name: 'signpost-nhsuk-images',
    apply: 'build',
    generateBundle() {
      for (const file of readdirSync(nhsImages)) {
        if (!/\.(svg|png|ico)$/.test(file)) continue;
        this.emitFile({ type: 'asset', fileName: `assets/images/${file}`, source: readFileSync(path.join(nhsImages, file)) });
      }
    },
  };
}

/**
 * The stylesheet loads the Frutiger web font from assets.nhs.uk. Signpost must work on a closed
 * network, and the design system's own fallback (Arial) is what it falls back to: drop the remote
 * font faces so no page ever reaches outside.
 */
function noRemoteFonts(): Plugin {
  return {
    name: 'signpost-no-remote-fonts',
    enforce: 'pre',
    transform(code, id) {
      if (!/nhsuk-frontend[^/]*\.css$/.test(id.split('?')[0])) return null;
      return { code: code.replace(/@font-face\s*\{[^}]*assets\.nhs\.uk[^}]*\}/g, ''), map: null };
    },
  };
}

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react(), nhsukImages(), noRemoteFonts()],
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // nhsuk-frontend's CSS ships minified and carries an old-IE media hack lightningcss rejects.
    cssMinify: false,
  },
  server: {
    // `npm run dev:web` proxies the API to a server started with `npm start`.
    proxy: { '/api': { target: `http://localhost:${process.env.PORT ?? 8111}`, changeOrigin: false } },
  },
});
