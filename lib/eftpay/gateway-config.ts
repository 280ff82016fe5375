import 'server-only';
import { env } from '@/lib/env';

/** How the console reaches eftPay: from the environment (lib/env.ts), read on every call. */
export interface GatewayConfig {
  baseUrl: string;
  userConfirmKey: string;
  secretCode: string;
  connectTimeoutMs?: number;
  timeoutMs?: number;
  /** Where eftPay should POST notifications, e.g. https://console.example/api/eftpay/notify. */
  notifyUrl?: string;
}

export function gatewayConfig(): GatewayConfig {
  const e = env();
  return {
    baseUrl: e.EFTPAY_BASE_URL,
    userConfirmKey: e.EFTPAY_USER_CONFIRM_KEY,
    secretCode: e.EFTPAY_SECRET_CODE,
    connectTimeoutMs: e.EFTPAY_CONNECT_TIMEOUT_MS,
    timeoutMs: e.EFTPAY_TIMEOUT_MS,
    notifyUrl: `${(e.EFTPAY_NOTIFY_BASE_URL ?? e.APP_URL).replace(/\/$/, '')}/api/eftpay/notify`,
  };
}
