import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { serverSeams } from './tests/support/seams/plugin';

/**
 * Three projects: pure unit tests; integration tests on PGlite (always); the same integration
 * tests on real Postgres when TEST_DATABASE_URL names a server.
 */
const root = import.meta.dirname;
const alias = { '@': root, 'server-only': path.join(root, 'tests/support/empty.ts') };
// Quiet logs unless asked for (LOG_LEVEL=debug npx vitest …).
process.env.LOG_LEVEL ??= 'silent';
const integration = ['tests/integration/**/*.test.ts'];
const integrationSetup = ['tests/support/next-cache.ts'];

export default defineConfig({
  plugins: [serverSeams(root)],
  resolve: { alias },
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    server: { deps: { inline: ['next-safe-action'] } },
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'pglite', include: integration, setupFiles: integrationSetup, env: { TEST_DB_KIND: 'pglite' } },
      },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: integration,
                setupFiles: integrationSetup,
                env: { TEST_DB_KIND: 'postgres' },
                globalSetup: ['tests/support/postgres-global-setup.ts'],
              },
            },
          ]
        : []),
    ],
  },
});
