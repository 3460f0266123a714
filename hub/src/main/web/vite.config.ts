import { defineConfig } from 'vite';

// Built by Maven (generate-resources) into the hub's classpath, served at / by Micronaut.
export default defineConfig({
  base: './',
  build: {
    outDir: '../../../target/classes/public',
    emptyOutDir: true,
    target: 'es2022',
    // one small bundle: the dashboard is a handful of pages
    modulePreload: false,
    reportCompressedSize: true,
  },
  server: {
    // `npm run dev` against a hub on the default port
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
