import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Three projects: pure unit tests; integration tests on PGlite (always); the same integration
 * tests on real Postgres when TEST_DATABASE_URL names a server.
 */
const root = import.meta.dirname;
const alias = { '@': root, 'server-only': path.join(root, 'tests/support/empty.ts') };
const integration = ['tests/integration/**/*.test.ts'];

export default defineConfig({
  resolve: { alias },
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    server: { deps: { inline: ['next-safe-action'] } },
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'pglite', include: integration, env: { TEST_DB_KIND: 'pglite' } } },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: integration,
                env: { TEST_DB_KIND: 'postgres' },
                globalSetup: ['tests/support/postgres-global-setup.ts'],
              },
            },
          ]
        : []),
    ],
  },
});
