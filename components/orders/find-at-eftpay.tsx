'use client';

import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { type FormEvent, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/input';
import { WaitingForGateway } from '@/components/ui/waiting-for-gateway';
import { findOrderAtEftpayAction } from '@/lib/actions/intake';
import { WALLET_CODES, type Wallet } from '@/lib/shared/wallets';
import { useActionResult } from '@/components/forms/action-result';
import { messageText } from '@/lib/i18n/message-text';
import { labels } from '@/lib/i18n/labels';

/**
 * Shown when an exact search finds nothing: the order may exist at eftPay and simply not have
 * reached us (no notification yet — PayMe and FPS never send one). eftPay's Query is per wallet,
 * so the staff member says which wallet the customer used.
 */
export function FindAtEftpay({ outTradeNo }: { outTradeNo: string }) {
  const t = useTranslations('orders.findAtEftpay');
  const tr = useTranslations();
  const locale = useLocale();
  const readResult = useActionResult();
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [walletError, setWalletError] = useState<string>();
  const [message, setMessage] = useState<string>();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const wallet = String(new FormData(event.currentTarget).get('wallet') ?? '') as Wallet;
    setWalletError(undefined);
    setMessage(undefined);
    startTransition(async () => {
      const result = await findOrderAtEftpayAction({ outTradeNo, wallet });
      const read = readResult(result);
      if (read.ok) {
        router.push(`/orders/${read.data.orderId}`);
        return;
      }
      // The wallet is this form's one field; anything else (e.g. a bad number) is the message.
      const { wallet: walletErrors, ...others } = read.fieldErrors;
      if (walletErrors?.[0]) setWalletError(walletErrors[0]);
      const other = Object.values(others)[0]?.[0];
      setMessage(other ? messageText(tr, other, locale) : walletErrors ? undefined : (read.text ?? t('failed')));
    });
  }

  return (
    <Card className="mt-4 max-w-xl" data-testid="find-at-eftpay">
      <h2 className="font-semibold">{t('title')}</h2>
      <p className="mt-1 text-sm text-slate-600">{t('body', { q: outTradeNo })}</p>
      <form onSubmit={submit} className="mt-3 flex flex-wrap items-end gap-3">
        <div className="min-w-56">
          <Field id="find-wallet" label={t('wallet')} error={walletError}>
            <Select
              id="find-wallet"
              name="wallet"
              required
              defaultValue=""
              aria-invalid={walletError ? true : undefined}
            >
              <option value="" disabled>
                {t('choose')}
              </option>
              {WALLET_CODES.map((w) => (
                <option key={w} value={w}>
                  {labels(tr).wallet(w)}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Button type="submit" variant="secondary" disabled={isPending}>
          {isPending ? t('pending') : t('submit')}
        </Button>
      </form>
      <WaitingForGateway pending={isPending} subject="query" className="mt-2" />
      {message ? (
        <p className="mt-2 text-sm text-red-700" data-testid="find-at-eftpay-error">
          {message}
        </p>
      ) : null}
    </Card>
  );
}
