// vite empties dist/ on every build; the tracked dist/.gitkeep keeps `go:embed all:dist` valid on a fresh clone.
import { writeFileSync } from 'node:fs';

writeFileSync(new URL('../dist/.gitkeep', import.meta.url), '');
