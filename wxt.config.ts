import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// WXT builds the browser extension from extension/entrypoints (Chrome MV3 and Firefox).
export default defineConfig({
  srcDir: 'extension',
  outDir: '.output',
  // Explicit imports everywhere: a reader can follow every name to its file.
  imports: false,
  // extension/locales/{en,es}.yml → _locales/<lang>/messages.json and typed message keys.
  modules: ['@wxt-dev/i18n/module'],
  manifest: ({ browser }) => ({
    name: 'ConvoLens',
    description: '__MSG_meta_description__',
    default_locale: 'en',
    // storage: settings and the detected conversation; tabs: open the report and the side panel
    // page as tabs; scripting: register the inbox script on sites the user adds.
    permissions: ['storage', 'tabs', 'scripting', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    // Self-hosted Chatwoot and other inboxes: asked for one origin at a time on the options page
    // (Firefox builds MV2, where host permissions are plain permissions).
    ...(browser === 'firefox'
      ? { optional_permissions: ['https://*/*', 'http://*/*'] }
      : { optional_host_permissions: ['https://*/*', 'http://*/*'] }),
    action: { default_title: 'ConvoLens' },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'convolens@convolens.dev', strict_min_version: '115.0' } } }
      : {}),
  }),
  vite: () => ({
    plugins: [preact()],
  }),
});
