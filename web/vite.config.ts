import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = join(root, 'dist');

/**
 * Writes .gz and .br beside every text asset so the server (@fastify/static preCompressed)
 * sends compressed bytes without compressing per request.
 */
function precompress(): Plugin {
  return {
    name: 'medgen-precompress',
    apply: 'build',
    closeBundle() {
      const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        try {
          return statSync(path).isDirectory() ? walk(path) : [path];
        } catch {
          return [];
        }
      });
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json|ndjson|txt)$/.test(file)) continue;
        let bytes: Buffer;
        try {
          bytes = readFileSync(file);
        } catch {
          continue; // another build emptied the folder meanwhile; that build writes its own
        }
        if (bytes.length < 1024) continue;
        try {
          writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
          writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        } catch {
          continue;
        }
      }
    },
  };
}

/**
 * The engine's modules only define things (its lint rules keep it pure), so a module the app
 * takes nothing from is left out even when the engine's browser face re-exports it.
 */
const treeshake = { moduleSideEffects: (id: string): boolean => !/[\\/]src[\\/](engine|shared)[\\/]/.test(id) };

export default defineConfig({
  root,
  base: '/',
  plugins: [react(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 400,
    rollupOptions: { treeshake },
  },
  worker: { rollupOptions: { treeshake } },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8000' },
  },
});
