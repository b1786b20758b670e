import { defineConfig } from 'vite';

// The web app: built to ui/dist and served by src/server (`npm run build:ui`).
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1000 },
});
