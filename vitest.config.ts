import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Unit tests are pure; integration tests talk to a real database (PGlite in-process, and real
// Postgres when TEST_DATABASE_URL is set) and to the sandbox gateway started in-process.
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    environment: 'node',
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    server: { deps: { inline: ['next-safe-action'] } },
  },
});
