'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card, Notice } from '@/components/ui/card';
import { labels } from '@/lib/i18n/labels';
import { formatMoney } from '@/lib/format';
import type { OrderView, RefundView } from '@/lib/orders/view';
import type { CreatedRefund } from '@/lib/refunds/create';
import { newIdempotencyKey } from './idempotency-key';
import type { RefundSnapshot } from './live-sync';
import { RefundForm } from './refund-form';
import { RefundLiveStatus, useLiveRefunds } from './refund-live-status';
import { walletRefundable } from '@/lib/shared/wallets';
import { orderRefundable, refundHeld, refundInFlight } from '@/lib/shared/statuses';
import { RefundingNow } from './refunding-now';

/**
 * The order page's refund area, rendered only for roles with `orders.refund` (the server refuses
 * the others regardless). A "Refund…" button opens the form in a dialog; refunds not yet final are
 * followed live. Wallets eftPay cannot refund (FPS) get an explanation instead of a form.
 */
export function RefundPanel({
  order,
  refunds,
  viewerId,
}: {
  order: OrderView;
  refunds: readonly RefundView[];
  /** The signed-in staff member: their own request waiting for approval can be withdrawn here. */
  viewerId: string;
}) {
  const t = useTranslations('refunds');
  const label = labels(useTranslations());
  const router = useRouter();
  const [open, setOpen] = useState(false);
  // One key per refund: made when the form first opens, kept if the form is sent again (even
  // after closing and reopening the dialog), replaced only once a refund came back.
  const [idempotencyKey, setIdempotencyKey] = useState<string | null>(null);
  const [completed, setCompleted] = useState(false);
  const [submittedOpen, setSubmittedOpen] = useState(false);
  const rendered = useMemo<RefundSnapshot>(
    () => ({
      orderStatus: order.status,
      refundedCents: order.refundedCents,
      inFlightCents: order.inFlightCents,
      refundableCents: order.refundableCents,
      refunds,
    }),
    [order.status, order.refundedCents, order.inFlightCents, order.refundableCents, refunds],
  );
  const live = useLiveRefunds(order.id, rendered, submittedOpen);

  const refundable = walletRefundable(order.wallet);
  const locale = useLocale();
  const money = (cents: number) => formatMoney(cents, order.currency, locale);

  function openForm() {
    if (idempotencyKey === null || completed) {
      setIdempotencyKey(newIdempotencyKey());
      setCompleted(false);
    }
    setOpen(true);
  }

  // A refresh after a refund re-renders the trigger, so Radix's own return of focus would land on
  // <body>: look the Refund… button up again instead (if it is gone, leave focus to Radix).
  function returnFocus(event: Event) {
    const trigger = document.querySelector<HTMLElement>('[data-refund-trigger]');
    if (!trigger) return;
    event.preventDefault();
    trigger.focus();
  }

  function onSettled(refund: CreatedRefund) {
    setCompleted(true);
    if (refundInFlight(refund.status)) {
      setSubmittedOpen(true);
      void live.refetch();
    }
    router.refresh();
  }

  if (!refundable) {
    if (!orderRefundable(order.status)) return null;
    return (
      <Card data-testid="refund-panel">
        <h2 className="text-base font-semibold">{t('panel.title')}</h2>
        <Notice tone="info" className="mt-3" data-testid="refund-unavailable">
          <p>{t('panel.noRefundApi', { wallet: label.wallet(order.wallet) })}</p>
          <p className="mt-1">{t('panel.noRefundApiHint')}</p>
        </Notice>
      </Card>
    );
  }

  const canRefund = order.refundableCents > 0;
  const held = live.data?.refunds ?? refunds;
  const watching = held.some((r) => refundHeld(r.status)) || order.inFlightCents > 0 || submittedOpen;
  if (!canRefund && !watching && !open) return null;

  return (
    // On a phone or tablet the panel stays in reach at the bottom of the screen until the page
    // scrolls to where it sits.
    <Card
      className="space-y-4 max-lg:sticky max-lg:bottom-2 max-lg:z-10 max-lg:shadow-lg max-lg:ring-1 max-lg:ring-slate-200"
      data-testid="refund-panel"
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 className="text-base font-semibold">{t('panel.title')}</h2>
          <p className="text-sm text-slate-600">
            {t('panel.remainder', { refundable: money(order.refundableCents), paid: money(order.amountCents) })}
          </p>
        </div>
        {canRefund ? (
          <Button type="button" variant="danger" onClick={openForm} data-refund-trigger="" data-primary-action="">
            {t('panel.button')}
          </Button>
        ) : null}
      </div>
      <RefundingNow refunds={held} currency={order.currency} viewerId={viewerId} canWithdraw />
      <RefundLiveStatus query={live} currency={order.currency} rendered={rendered} />
      <Dialog.Root open={open} onOpenChange={setOpen}>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
          <Dialog.Content
            className="fixed top-1/2 left-1/2 z-50 max-h-[90vh] w-[min(36rem,95vw)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-6 shadow-xl"
            data-testid="refund-dialog"
            onCloseAutoFocus={returnFocus}
          >
            <Dialog.Title className="text-lg font-semibold">
              {t('dialog.title', { outTradeNo: order.outTradeNo })}
            </Dialog.Title>
            <Dialog.Description className="mt-1 mb-4 text-sm text-slate-600">
              {t('dialog.description', { wallet: label.wallet(order.wallet) })}
            </Dialog.Description>
            {idempotencyKey ? (
              <RefundForm
                order={order}
                idempotencyKey={idempotencyKey}
                onSettled={onSettled}
                onCancel={() => setOpen(false)}
              />
            ) : null}
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </Card>
  );
}
