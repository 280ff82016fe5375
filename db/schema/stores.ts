import 'server-only';
import { pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const tz = { withTimezone: true } as const;

export const stores = pgTable(
  'stores',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Short code staff recognise, e.g. `CWB` for Causeway Bay. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('stores_code_key').on(t.code)],
);

/** eftPay terminal ids (`tid`). An order belongs to the store owning its terminal. */
export const storeTerminals = pgTable('store_terminals', {
  tid: text('tid').primaryKey(),
  storeId: uuid('store_id')
    .notNull()
    .references(() => stores.id, { onDelete: 'restrict' }),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
});
