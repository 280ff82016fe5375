/**
 * Import boundaries of the console (`npm run boundaries`, a step of `npm test`).
 *
 * Layers, from the edge inwards — each may import the ones below it, never one above:
 *
 *   edge     app/** (pages, layouts, route handlers), lib/actions/** (server actions),
 *            lib/pages/** (page helpers), and the few edge modules that live in domain folders
 *            (EDGE_IN_DOMAIN below)
 *   domain   lib/<domain>/**: refunds, orders, close, finance, audit, staff, stores, notifications,
 *            jobs, auth, server, time …: verbs and queries; no request, no redirect, no route path
 *   gateway  lib/eftpay/** (sandbox included): eftPay's protocol
 *   data     db/**: schema and client
 *
 * Beside them: the client-safe vocabulary (CLIENT_SAFE below), the only part of lib/ that
 * components may import besides server actions, and the kernel every layer may use (lib/env.ts,
 * lib/log.ts and the other top-level lib/*.ts files).
 *
 * Type-only imports (`import type`) are erased by the compiler: they never put code in a bundle or
 * run anything. Rules about what *runs* where — what a component ships to the browser — ignore them
 * (`dependencyTypesNot: ['type-only']`): a component may name the type of the props its page hands
 * it. Rules about the direction of the layers count them too: a type from a higher layer still
 * couples the lower one to it. Dynamic imports count everywhere (the bundler follows them).
 *
 * A route path held by a domain module is not an import; scripts/boundaries.ts checks those beside
 * this cruise, in the modules that `below-edge-no-request-apis` covers.
 */

// A path regex for the domain folders: every lib/<folder>/ that is not the edge, the gateway or the
// client-safe vocabulary — a new domain folder is covered without editing this file.
const DOMAIN = '^lib/(?!(actions|pages|eftpay|shared|i18n)/)[^/]+/';

// Edge modules that sit in domain folders: the page guard and the request's actor (they read the
// request's headers and redirect — moving them to lib/pages/ would change every page's imports),
// next-auth's HTTP wiring (cookies, the sign-in page), and the export route handlers' guard (signed
// in → capability → set-up → URL parameters, answering HTTP responses: the route handlers'
// counterpart of the action client).
const EDGE_IN_DOMAIN = ['^lib/auth/(guard|gate|current|options)\\.ts$', '^lib/finance/export-(access|route)\\.ts$'];
const EDGE = ['^app/', '^lib/actions/', '^lib/pages/', ...EDGE_IN_DOMAIN];

// What components may import from lib/ at run time (besides server actions): lib/shared/**, the
// i18n catalogues (not lib/i18n/request.ts, next-intl's server-side request config), format, money,
// validation and the typed errors it builds, the zod schema modules — and a few pure modules that
// components use today: the role → capability map the navigation consults, the lists' URL filter
// schemas and parsers, and the Hong Kong time helpers (the days these use, the times people read).
// Every one of them is held to `client-safe-stays-client-safe`, so nothing server-side reaches the
// browser through them.
const CLIENT_SAFE = [
  '^lib/shared/',
  '^lib/i18n/(?!request\\.ts$)',
  '^lib/(format|money|validation|errors)\\.ts$',
  '^lib/[^/]+/schemas\\.ts$',
  '^lib/refunds/policy-schemas\\.ts$',
  '^lib/auth/(permissions|password-rule)\\.ts$',
  '^lib/orders/(filters|search-params)\\.ts$',
  '^lib/finance/(refund-filter|url-params)\\.ts$',
  '^lib/time/(hk|format)\\.ts$',
];

const PRODUCTION = ['^app/', '^lib/', '^components/', '^db/', '^instrumentation\\.ts$', '^proxy\\.ts$'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other (directly or around a loop) cannot be understood or tested apart.',
      from: {},
      to: { circular: true },
    },

    // ── The edge ─────────────────────────────────────────────────────────────────────────────
    {
      name: 'app-is-the-top',
      severity: 'error',
      comment: 'Nothing imports a page, layout or route handler: they are the entry points.',
      from: { pathNot: '^app/' },
      to: { path: '^app/' },
    },
    {
      name: 'actions-only-from-edge-and-components',
      severity: 'error',
      comment:
        'Server actions are called by pages and, by reference, by client components — never by the ' +
        'domain, the gateway or the data layer (they sit above them).',
      from: { path: ['^lib/', '^db/'], pathNot: ['^lib/actions/'] },
      to: { path: '^lib/actions/' },
    },
    {
      name: 'domain-not-to-edge',
      severity: 'error',
      comment:
        'Domain code is called by the edge, not the other way round: no page helper, no request-bound ' +
        'auth helper, no server action.',
      from: { path: DOMAIN, pathNot: EDGE_IN_DOMAIN },
      to: { path: EDGE },
    },
    {
      name: 'below-edge-no-request-apis',
      severity: 'error',
      comment:
        'next/navigation (redirect, notFound), next/headers and next/cache belong to the edge: a verb ' +
        'or query is called from jobs, scripts and tests too, where there is no request. Map the ' +
        "domain's answer to a redirect or a 404 in app/, lib/actions/ or lib/pages/. The same " +
        'modules hold no route path of a page (scripts/boundaries.ts checks that).',
      from: { path: [DOMAIN, '^lib/eftpay/', '^db/'], pathNot: EDGE_IN_DOMAIN },
      to: { path: '(^|/)node_modules/next/(navigation|headers|cache)([.]|$)' },
    },

    // ── Components: what ships to the browser ────────────────────────────────────────────────
    {
      name: 'components-only-client-safe',
      severity: 'error',
      comment:
        'Components never import server modules (db/**, lib/eftpay/**, domain modules): only the ' +
        'client-safe vocabulary, and server actions (a client component holds a reference to them, ' +
        'not their code). Data a component shows comes in as props from its page or layout. ' +
        'Type-only imports are allowed: they describe the props and ship nothing.',
      from: { path: '^components/' },
      to: {
        path: ['^lib/', '^db/'],
        pathNot: [...CLIENT_SAFE, '^lib/actions/'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'client-safe-stays-client-safe',
      severity: 'error',
      comment:
        'What components may import must itself import, at run time, only client-safe modules — ' +
        'so no chain of imports brings the data layer, the gateway, the environment, the logger or ' +
        'a domain module into the browser bundle.',
      from: { path: CLIENT_SAFE },
      to: { path: ['^lib/', '^db/'], pathNot: CLIENT_SAFE, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'client-no-server-only',
      severity: 'error',
      comment:
        "A module that imports 'server-only' is a server module: no component and nothing of the " +
        'client-safe vocabulary imports it.',
      from: { path: ['^components/', ...CLIENT_SAFE] },
      to: { path: '(^|/)node_modules/server-only/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'client-no-node-core',
      severity: 'error',
      comment: "node's own modules (fs, crypto, …) do not exist in the browser.",
      from: { path: ['^components/', ...CLIENT_SAFE] },
      to: { dependencyTypes: ['core'] },
    },

    // ── The gateway ──────────────────────────────────────────────────────────────────────────
    {
      name: 'gateway-no-domain',
      severity: 'error',
      comment:
        "The gateway speaks eftPay's protocol and nothing else: it imports no domain module, no " +
        'edge and no component. It may use the data layer below it: lib/eftpay/gateway.ts writes the ' +
        'gateway call log (gateway_calls, linked to the order or refund row the call was about).',
      from: { path: '^lib/eftpay/' },
      to: { path: [DOMAIN, ...EDGE, '^components/'] },
    },

    // ── The data layer ───────────────────────────────────────────────────────────────────────
    {
      name: 'data-no-domain-or-gateway',
      severity: 'error',
      comment:
        'The schema and the client sit at the bottom: no domain, gateway, edge or component module. ' +
        'The database enums are built from the shared code lists (lib/shared/**); the client reads ' +
        'its configuration from lib/env.ts.',
      from: { path: '^db/' },
      to: { path: [DOMAIN, '^lib/eftpay/', ...EDGE, '^components/'] },
    },

    // ── Production code vs. tests and the demo ───────────────────────────────────────────────
    {
      name: 'production-not-to-tests-or-demo',
      severity: 'error',
      comment:
        'Production code (what `next build` bundles and `next start` runs) never imports tests, ' +
        'test support, scripts or the demo seed — not even lazily (a dynamic import is still bundled). ' +
        'The demo seeds itself from its own server entry (scripts/demo/server.ts).',
      from: { path: PRODUCTION },
      to: { path: ['^tests/', '^scripts/'] },
    },
  ],

  options: {
    // Follow project files only; packages are leaves (their files are reported as node_modules/…).
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['^\\.next', '^\\.data/', '^db/migrations/'] },
    // Keep type-only imports in the graph, marked 'type-only', so each rule can decide about them.
    tsPreCompilationDeps: true,
    // `@/…` resolves through tsconfig.json's paths, as the compiler and the bundler do.
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
