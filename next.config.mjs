import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules at run time, not
  // bundled; the others are native or server-only and gain nothing from bundling.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'pg-boss', '@node-rs/argon2', 'pino', 'undici'],
  // A separate build folder lets several builds (e.g. parallel E2E runs) live side by side.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // Above the largest valid action input (a few kB), so that an oversized field still reaches the
  // action's schema and gets its field message; a body above it is refused with 413 in proxy.ts
  // (Next itself would answer 500).
  experimental: { serverActions: { bodySizeLimit: '2mb' } },
  reactStrictMode: true,
  // `npm test` runs `tsc` on the whole project; the build does not need to repeat it.
  typescript: { ignoreBuildErrors: true },
  // Security headers that do not change per request, on every response (the sign-in page and the
  // routes proxy.ts skips included). The Content-Security-Policy carries a per-request nonce and is
  // set in proxy.ts; the routes it skips serve JSON only and get a policy that allows nothing.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          {
            key: 'Permissions-Policy',
            value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()',
          },
        ],
      },
      ...['/api/auth/:path*', '/api/eftpay/:path*', '/api/health'].map((source) => ({
        source,
        headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }],
      })),
    ];
  },
};

export default withNextIntl(nextConfig);
