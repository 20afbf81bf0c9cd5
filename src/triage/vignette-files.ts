/**
 * Reads the vignette suite from disk (the runner itself, vignettes.ts, does no I/O).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContentFile } from './model';

/** The suite shipped with Signpost: content/vignettes. */
export const SHIPPED_VIGNETTE_DIR = fileURLToPath(new URL('../../content/vignettes', import.meta.url));

/** Every `*.yaml` file directly in `dir`, sorted by name; none when the directory does not exist. */
export function loadVignetteFiles(dir: string): ContentFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => ({ path: join(dir, name), text: readFileSync(join(dir, name), 'utf8') }));
}
