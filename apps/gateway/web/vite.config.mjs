// The support dashboard's page, built by tools/build.mjs into web/dist and served by the gateway at /dashboard.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: dirname(fileURLToPath(import.meta.url)),
  base: '/dashboard/',
  plugins: [react()],
  logLevel: 'warn',
  // No inline module preload polyfill: the page's CSP allows our own script files only.
  build: { outDir: 'dist', emptyOutDir: true, modulePreload: { polyfill: false }, assetsInlineLimit: 0 },
});
