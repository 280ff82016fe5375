import 'server-only';

/**
 * Start-up state shared between instrumentation and route handlers. Next bundles them separately,
 * so module variables are not shared; globalThis is.
 */
export interface ServerStatus {
  ready: boolean;
  database?: 'pglite' | 'postgres';
  demoSeed?: 'running' | 'done' | 'failed' | 'off';
  demoOrders?: number;
  worker?: 'running' | 'off';
}

const holder = globalThis as unknown as { __eftpayStatus?: ServerStatus };

export function serverStatus(): ServerStatus {
  holder.__eftpayStatus ??= { ready: false };
  return holder.__eftpayStatus;
}
