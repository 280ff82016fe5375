import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { FindAtEftpay } from '@/components/orders/find-at-eftpay';
import { OrdersFilters } from '@/components/orders/orders-filters';
import { OrdersResultsRegion, OrdersSearchPending } from '@/components/orders/orders-pending';
import { OrdersPagination } from '@/components/orders/orders-pagination';
import { OrdersTable, OrdersTableSkeleton } from '@/components/orders/orders-table';
import { getDb } from '@/db/client';
import type { StaffActor } from '@/lib/auth/actor';
import { requireCapability } from '@/lib/auth/guard';
import { can } from '@/lib/auth/permissions';
import { looksLikeOrderNumber, type OrderListFilters, resolveOrderFilters } from '@/lib/orders/filters';
import { hasExactIdMatch, listOrders, soleExactMatch } from '@/lib/orders/list';
import { loadOrderSearchParams, serializeOrderSearch } from '@/lib/orders/search-params';
import { listStoreOptions } from '@/lib/orders/store-options';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function OrdersPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireCapability('orders.view');
  const raw = await searchParams;
  const params = loadOrderSearchParams(raw);
  const { filters, fieldErrors } = resolveOrderFilters(params);
  const db = await getDb();
  // `open=1` in a link (a till's or a receipt's "open in the console") opens the order when the
  // text is exactly one order's number and nothing else matches; a start, an end or an amount
  // always shows the list. The search box never sends it: staff see what matched, and a shared or
  // bookmarked `/orders?q=…` link still shows the list.
  if (raw.open === '1' && !params.cursor) {
    const id = await soleExactMatch(db, actor.scope, filters);
    if (id) redirect(`/orders/${id}`);
  }
  const stores = await listStoreOptions(db, actor.scope);
  const t = await getTranslations('orders');
  const stateKey = serializeOrderSearch(params);

  return (
    <OrdersSearchPending>
      <div className="space-y-5">
        <div className="flex items-baseline justify-between">
          <h1 className="text-xl font-semibold">{t('title')}</h1>
          <p className="text-xs text-slate-500">{t('timeZoneNote')}</p>
        </div>
        <OrdersFilters
          key={`filters${stateKey}`}
          stores={stores}
          showUnassigned={actor.scope.kind === 'all'}
          fieldErrors={fieldErrors}
        />
        <OrdersResultsRegion>
          <Suspense key={`results${stateKey}`} fallback={<OrdersTableSkeleton label={t('table.loading')} />}>
            <OrdersResults actor={actor} filters={filters} params={params} />
          </Suspense>
        </OrdersResultsRegion>
      </div>
    </OrdersSearchPending>
  );
}

async function OrdersResults({
  actor,
  filters,
  params,
}: {
  actor: StaffActor;
  filters: OrderListFilters;
  params: Awaited<ReturnType<typeof loadOrderSearchParams>>;
}) {
  const db = await getDb();
  const t = await getTranslations('orders.table');
  const page = await listOrders(db, actor.scope, filters, params.cursor);
  // An exact number we do not hold may still be at eftPay (no notification yet, or PayMe/FPS).
  const offerFind =
    !params.cursor &&
    looksLikeOrderNumber(filters.q) &&
    can(actor.role, 'orders.find_at_eftpay') &&
    !(await hasExactIdMatch(db, actor.scope, filters.q));

  return (
    <section aria-live="polite">
      {page.rows.length === 0 ? (
        <div
          className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center"
          data-testid="orders-empty"
        >
          <p className="font-medium">{t('empty')}</p>
          <p className="mt-1 text-sm text-slate-600">{t('emptyHint')}</p>
        </div>
      ) : (
        <>
          <OrdersTable rows={page.rows} />
          <OrdersPagination
            count={page.rows.length}
            firstHref={params.cursor ? `/orders${serializeOrderSearch({ ...params, cursor: null })}` : null}
            nextHref={page.nextCursor ? `/orders${serializeOrderSearch({ ...params, cursor: page.nextCursor })}` : null}
          />
        </>
      )}
      {offerFind && filters.q ? <FindAtEftpay outTradeNo={filters.q} /> : null}
    </section>
  );
}
