import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { PrintButton } from '@/components/refunds/print-button';
import { RefundSlipView } from '@/components/refunds/refund-slip';
import { getDb } from '@/db/client';
import { requireCapability } from '@/lib/auth/guard';
import { notFoundOnNotFound } from '@/lib/pages/not-found';
import { getRefundSlip } from '@/lib/refunds/slip';

/**
 * A refund's printable slip. Whoever may see the order may print its refunds' slips; a refund of
 * another store's order answers 404 like one that does not exist. No loading.tsx sits above this
 * route, so notFound() is sent before any byte of the page and the status really is 404.
 */
export default async function RefundSlipPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireCapability('orders.view');
  const { id } = await params;
  const slip = await notFoundOnNotFound(actor, getRefundSlip(await getDb(), actor.scope, id));
  const t = await getTranslations('refunds.slip');

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3 print:hidden">
        <Link href={`/orders/${slip.orderId}`} className="text-sm text-brand-700 hover:underline">
          ← {t('backToOrder', { outTradeNo: slip.outTradeNo })}
        </Link>
        <PrintButton label={t('print')} />
      </div>
      <RefundSlipView
        slip={slip}
        copyText={{
          copy: t('copy'),
          copied: t('copied'),
          failed: t('copyFailed'),
          copyOrderNo: t('copyOrderNo'),
          copyRefundNo: t('copyRefundNo'),
        }}
      />
    </div>
  );
}
