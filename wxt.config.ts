import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// WXT builds the browser extension from extension/entrypoints (Chrome MV3 and Firefox).
export default defineConfig({
  srcDir: 'extension',
  outDir: '.output',
  // Explicit imports everywhere: a reader can follow every name to its file.
  imports: false,
  manifest: {
    name: 'ConvoLens',
    description: 'Live conversation timings and the Conversations report beside your support inbox.',
    permissions: ['storage', 'sidePanel', 'tabs'],
  },
  vite: () => ({
    plugins: [preact()],
  }),
});
