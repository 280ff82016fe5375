import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules at run time, not
  // bundled; the others are native or server-only and gain nothing from bundling.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'pg-boss', '@node-rs/argon2', 'pino'],
  // A separate build folder lets several builds (e.g. parallel E2E runs) live side by side.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm test` runs `tsc` on the whole project; the build does not need to repeat it.
  typescript: { ignoreBuildErrors: true },
};

export default withNextIntl(nextConfig);
