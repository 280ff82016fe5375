import 'server-only';
import { z } from 'zod';
import { WALLET_CODES } from '@/lib/eftpay/wallet-codes';

export const FindAtEftpayInput = z.object({
  outTradeNo: z
    .string()
    .trim()
    .min(1, 'Enter the order number.')
    .max(28, 'An eftPay order number has at most 28 characters.')
    .regex(/^[A-Za-z0-9_-]+$/, 'Use letters, digits, - and _ only.'),
  wallet: z.enum(WALLET_CODES, { message: 'Choose the wallet the customer paid with.' }),
});
export type FindAtEftpayInput = z.infer<typeof FindAtEftpayInput>;

export const RefreshOrderInput = z.object({ orderId: z.string().uuid('Unknown order.') });
export type RefreshOrderInput = z.infer<typeof RefreshOrderInput>;
