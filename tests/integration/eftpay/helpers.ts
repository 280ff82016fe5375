import { createEftpayClient, type EftpayClientConfig } from '@/lib/eftpay/client';
import { createSandboxControl } from '@/lib/eftpay/sandbox/control';
import type { SandboxOptions } from '@/lib/eftpay/sandbox/server';
import type { GatewayCallRecord } from '@/lib/eftpay/types';
import { startTestSandbox } from '../../support/harness';

export const USER_CONFIRM_KEY = 'S0003469';
export const SECRET = 'it-secret-9f3c1b7e5d';

/** The sandbox and the bare eftPay client (no database): what these tests are about is the wire. */
export async function startGateway(
  options: Partial<SandboxOptions> = {},
  clientOptions: Partial<EftpayClientConfig> = {},
) {
  const sandbox = await startTestSandbox(
    { userConfirmKey: USER_CONFIRM_KEY, secretCode: SECRET },
    { notifyRetryDelaysMs: [30, 30, 30], applyRefundNotifyDelayMs: 50, ...options },
  );
  const records: GatewayCallRecord[] = [];
  const client = createEftpayClient({
    baseUrl: sandbox.url,
    userConfirmKey: USER_CONFIRM_KEY,
    secretCode: SECRET,
    timeoutMs: 5_000,
    onCall: (record) => {
      records.push(record);
    },
    ...clientOptions,
  });
  const control = createSandboxControl(sandbox.url);
  return { sandbox, client, control, records };
}
