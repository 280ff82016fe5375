// The production module itself, by a path the seam plugin of vitest.config.ts does not replace.
import { type GatewayConfig, gatewayConfig as configFromEnvironment } from '../../../lib/eftpay/gateway-config';

export type { GatewayConfig };

/**
 * Stands in for lib/eftpay/gateway-config.ts in the tests (vitest.config.ts): `configureGateway`
 * points the console's gateway at a sandbox of the test's own, with any notify URL; `undefined`
 * goes back to the configuration from the environment.
 */
let configured: GatewayConfig | undefined;

export function configureGateway(config: GatewayConfig | undefined): void {
  configured = config;
}

export function gatewayConfig(): GatewayConfig {
  return configured ?? configFromEnvironment();
}
