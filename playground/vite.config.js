import { defineConfig } from 'vite';

// Lists the built files for the service worker, which caches them so the page works offline.
function offlineManifest() {
  return {
    name: 'statuslint-offline-manifest',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => !f.endsWith('.map'));
      this.emitFile({ type: 'asset', fileName: 'offline.json', source: JSON.stringify(files) });
    },
  };
}

export default defineConfig({
  base: './',
  build: { outDir: 'dist', target: 'es2022', emptyOutDir: true, chunkSizeWarningLimit: 4096 },
  server: { fs: { allow: ['..'] } },
  plugins: [offlineManifest()],
});
