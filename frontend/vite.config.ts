/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev` proxies the API to a locally running server (see the repository README).
const apiTarget = process.env.VITE_API_PROXY ?? 'http://127.0.0.1:8089';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/graphql': apiTarget, '/export': apiTarget },
  },
  build: {
    // dist/.gitkeep is tracked (frontend/embed.go embeds dist); scripts/keep-gitkeep.mjs puts it back.
    emptyOutDir: true,
    // Read by scripts/first-page-size.mjs, which removes it again.
    manifest: true,
    // Monaco (GraphiQL's editor, only loaded by the analysis page's query editor tab) is one ~2.8 MB chunk.
    chunkSizeWarningLimit: 3000,
    rollupOptions: {
      onwarn(warning, warn) {
        // GraphiQL's React-compiler output starts modules with "use no memo": meaningless once bundled
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.id?.includes('/node_modules/')) return;
        warn(warning);
      },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
