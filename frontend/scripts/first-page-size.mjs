// Prints the compressed JavaScript a browser loads for the first page (the entry chunk with its static
// imports, plus the lazily loaded page chunk), and fails the build above the budget.
import { readFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 500;
const dist = new URL('../dist/', import.meta.url);
const manifestUrl = new URL('.vite/manifest.json', dist);
const manifest = JSON.parse(readFileSync(manifestUrl, 'utf8'));

/** The chunk files `key` needs before it runs: itself and its static imports, transitively. */
function closure(key, seen = new Set()) {
  const chunk = manifest[key];
  if (!chunk || seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const dep of chunk.imports ?? []) closure(dep, seen);
  return seen;
}

const gzipKB = (files) =>
  [...files].filter((f) => f.endsWith('.js')).reduce((sum, f) => sum + gzipSync(readFileSync(new URL(f, dist))).length, 0) / 1024;

const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
const pages = {
  'login (/login)': 'src/pages/user/login/index.tsx',
  'dashboard (/)': 'src/pages/dashboard/index.tsx',
};
let worst = 0;
for (const [name, page] of Object.entries(pages)) {
  const files = closure(entry);
  closure(page, files);
  const kb = gzipKB(files);
  worst = Math.max(worst, kb);
  console.log(`first page ${name}: ${kb.toFixed(1)} KB of gzip JS in ${files.size} files`);
}
rmSync(new URL('.vite/', dist), { recursive: true, force: true });
if (worst > BUDGET_KB) {
  console.error(`first-page JavaScript exceeds the ${BUDGET_KB} KB budget`);
  process.exit(1);
}
