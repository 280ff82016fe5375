'use client';

import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/card';

/**
 * A failure while loading orders. The error itself is never shown: in production Next sends the
 * browser only a digest, which matches the server's log line.
 */
export default function OrdersError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('orders.error');
  return (
    <Notice tone="error" className="space-y-3" data-testid="orders-error">
      <p className="font-medium">{t('title')}</p>
      <p>{t('body')}</p>
      {error.digest ? <p className="font-mono text-xs">ref: {error.digest}</p> : null}
      <Button type="button" variant="secondary" size="sm" onClick={reset}>
        {t('retry')}
      </Button>
    </Notice>
  );
}
