import { useTranslations } from 'next-intl';
import { cn } from '@/components/ui/cn';
import { labels } from '@/lib/i18n/labels';
import type { OrderStatus, RefundStatus } from '@/lib/orders/view';

const ORDER_TONES: Record<OrderStatus, string> = {
  unpaid: 'bg-amber-100 text-amber-900',
  paid: 'bg-emerald-100 text-emerald-900',
  partly_refunded: 'bg-sky-100 text-sky-900',
  fully_refunded: 'bg-slate-200 text-slate-800',
  closed: 'bg-slate-100 text-slate-600',
  failed: 'bg-red-100 text-red-900',
};

const REFUND_TONES: Record<RefundStatus, string> = {
  requested: 'bg-amber-100 text-amber-900',
  processing: 'bg-amber-100 text-amber-900',
  succeeded: 'bg-emerald-100 text-emerald-900',
  failed: 'bg-red-100 text-red-900',
  unknown: 'bg-orange-100 text-orange-900',
  pending_approval: 'bg-violet-100 text-violet-900',
  rejected: 'bg-slate-100 text-slate-700',
  cancelled: 'bg-slate-100 text-slate-700',
  expired: 'bg-slate-100 text-slate-700',
};

const BADGE = 'inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium';

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const label = labels(useTranslations());
  return (
    <span className={cn(BADGE, ORDER_TONES[status])} data-status={status}>
      {label.orderStatus(status)}
    </span>
  );
}

export function RefundStatusBadge({ status }: { status: RefundStatus }) {
  const label = labels(useTranslations());
  return (
    <span className={cn(BADGE, REFUND_TONES[status])} data-status={status}>
      {label.refundStatus(status)}
    </span>
  );
}
