'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { labels } from '@/lib/i18n/labels';
import type { OrderView } from '@/lib/orders/view';
import { walletClosable } from '@/lib/shared/wallets';
import { CloseOrdersDialog } from './close-orders-dialog';

/**
 * The order page's close area for an unpaid order, for roles with `orders.close`: button →
 * preview and reason → confirm → outcome, through the same action as the bulk close (one id).
 * The server checks everything again; this panel only saves a click for wallets without Close.
 */
export function CloseOrderPanel({ order }: { order: OrderView }) {
  const t = useTranslations('close');
  const label = labels(useTranslations());
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [orderIds] = useState(() => [order.id]);
  const closeService = walletClosable(order.wallet);

  return (
    <Card
      className="space-y-3 max-lg:sticky max-lg:bottom-2 max-lg:z-10 max-lg:shadow-lg max-lg:ring-1 max-lg:ring-slate-200"
      data-testid="close-order-panel"
    >
      <h2 className="text-base font-semibold">{t('panel.title')}</h2>
      {closeService ? (
        <>
          <p className="text-sm text-slate-600">{t('panel.body')}</p>
          <Button type="button" variant="danger" onClick={() => setOpen(true)} data-primary-action="">
            {t('panel.button')}
          </Button>
          {open ? (
            <CloseOrdersDialog
              orderIds={orderIds}
              open={open}
              onOpenChange={setOpen}
              onFinished={() => router.refresh()}
            />
          ) : null}
        </>
      ) : (
        <p className="text-sm text-slate-600">{t('panel.noCloseService', { wallet: label.wallet(order.wallet) })}</p>
      )}
    </Card>
  );
}
