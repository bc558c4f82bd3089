/**
 * electron-vite build of the entries: the Electron main process (with the
 * CLI and the lease keeper thread), the preload bridge, the worker process,
 * and the Vue renderer (also served to
 * browsers by `cutover serve`). Run as `electron-vite build -c electron.config.ts`.
 */
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rolldownOptions: {
        input: {
          index: resolve(root, 'src-main/electron/main.ts'),
          worker: resolve(root, 'src-worker/entry.ts'),
          // The command line, run from the bundle by bin/cutover.mjs when it is up to date.
          cli: resolve(root, 'src-main/cli/main.ts'),
          // The thread that renews project leases off the main event loop (core/leases/keeper.ts).
          'lease-keeper': resolve(root, 'src-main/core/leases/keeper-thread.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      rolldownOptions: {
        input: { index: resolve(root, 'src-main/electron/preload.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [vue()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      // Served over the network by `cutover serve` too: keep it small.
      minify: true,
      chunkSizeWarningLimit: 2500,
      rolldownOptions: {
        input: { index: resolve(root, 'src-renderer/index.html') },
      },
    },
  },
});
