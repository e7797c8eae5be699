import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// One test command, four projects: the pure core in Node, the worker inside workerd
// against a real (local) D1, the extension with WXT's fake browser, and end-to-end
// browser tests against the real worker and the built extension.
export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, 'worker/db/migrations'));
  return {
    test: {
      projects: [
        {
          test: {
            name: 'shared',
            environment: 'node',
            // *.node.test.ts under test/worker: the worker's modules in plain Node (module mocks).
            include: ['test/shared/**/*.test.ts', 'test/worker/**/*.node.test.ts'],
            benchmark: { include: ['test/bench/shared/**/*.bench.ts'] },
          },
        },
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: './wrangler.jsonc' },
              miniflare: {
                bindings: { TEST_MIGRATIONS: migrations, ADMIN_TOKEN: 'test-admin-token' },
              },
            }),
          ],
          test: {
            name: 'worker',
            include: ['test/worker/**/*.test.ts'],
            exclude: ['test/worker/**/*.node.test.ts'],
            setupFiles: ['test/worker/apply-migrations.ts'],
            benchmark: { include: ['test/bench/worker/**/*.bench.ts'] },
          },
        },
        {
          plugins: [WxtVitest()],
          test: {
            name: 'extension',
            environment: 'happy-dom',
            include: ['test/extension/**/*.test.{ts,tsx}'],
            setupFiles: ['test/extension/setup-i18n.ts'],
            benchmark: { include: ['test/bench/extension/**/*.bench.ts'] },
          },
        },
        {
          test: {
            name: 'e2e',
            environment: 'node',
            include: ['test/e2e/**/*.test.ts'],
            // Only its own benchmarks (none yet), not every *.bench.ts of the repository.
            benchmark: { include: ['test/e2e/**/*.bench.ts'] },
            // One worker, one demo inbox and one extension build for every browser test file.
            globalSetup: ['test/e2e/global-setup.ts'],
            // Each file drives its own Chromium: one at a time on a two-core machine.
            fileParallelism: false,
            testTimeout: 60_000,
            hookTimeout: 180_000,
          },
        },
      ],
    },
  };
});
