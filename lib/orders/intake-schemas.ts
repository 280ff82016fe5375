import 'server-only';
import { z } from 'zod';
import { WALLET_CODES } from '@/lib/shared/wallets';
import { msg } from '@/lib/shared/messages';

export const FindAtEftpayInput = z.object({
  outTradeNo: z
    .string()
    .trim()
    .min(1, msg('errors.intake.number_required'))
    .max(28, msg('errors.intake.number_too_long', { max: 28 }))
    .regex(/^[A-Za-z0-9_-]+$/, msg('errors.intake.charset')),
  wallet: z.enum(WALLET_CODES, { message: msg('errors.intake.wallet_required') }),
});
export type FindAtEftpayInput = z.infer<typeof FindAtEftpayInput>;

export const RefreshOrderInput = z.object({ orderId: z.string().uuid(msg('errors.refund.order_unknown')) });
export type RefreshOrderInput = z.infer<typeof RefreshOrderInput>;
