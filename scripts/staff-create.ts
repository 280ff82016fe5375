/**
 * Creates a staff account — how a merchant bootstraps its first administrator.
 *
 *   npm run staff:create -- --email ada@shop.hk --name "Ada Lam" --role admin [--stores CWB,TST]
 *
 * The password is read from STAFF_PASSWORD or typed at a hidden prompt; it is never an argument
 * (arguments end up in shell history and process lists) and is never printed.
 */
import { parseArgs } from 'node:util';
import { inArray } from 'drizzle-orm';
import { openDatabase } from '@/db/open';
import { stores } from '@/db/schema';
import { SYSTEM } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { messageText } from '@/lib/i18n/message-text';
import { translatorFor } from '@/lib/i18n/translator';
import { createStaff } from '@/lib/staff/create';
import { readHidden } from './lib/prompt';

async function main() {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      stores: { type: 'string', default: '' },
    },
  });
  if (!values.email || !values.name || !values.role) {
    throw new Error(
      'usage: npm run staff:create -- --email E --name N --role manager|supervisor|finance|admin [--stores CODE,CODE]',
    );
  }
  const password = process.env.STAFF_PASSWORD ?? (await readHidden('Password (at least 12 characters): '));
  // The server's own start-up path: migrated as DATABASE_OWNER_URL's role when that is set.
  const database = await openDatabase({
    url: process.env.DATABASE_URL || undefined,
    ownerUrl: process.env.DATABASE_OWNER_URL || undefined,
    dataDir: process.env.PGLITE_DIR,
  });
  try {
    const codes = values.stores
      .split(',')
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean);
    const found = codes.length ? await database.db.select().from(stores).where(inArray(stores.code, codes)) : [];
    const missing = codes.filter((c) => !found.some((s) => s.code === c));
    if (missing.length) throw new Error(`Unknown store code(s): ${missing.join(', ')}`);
    const { id } = await createStaff({
      ctx: { db: database.db, actor: { ...SYSTEM, userAgent: 'staff:create' } },
      input: {
        email: values.email,
        name: values.name,
        role: values.role as never,
        storeIds: found.map((s) => s.id),
        password,
      },
    });
    console.log(
      `Created ${values.role} ${values.email.toLowerCase()} (${id})${codes.length ? ` for ${codes.join(', ')}` : ''}.`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof AppError) {
    // The command line is an edge too: the domain's message keys are told in English here.
    const t = translatorFor('en');
    const details = Object.entries(error.fieldErrors ?? {}).map(
      ([f, m]) => `  ${f}: ${m.map((text) => messageText(t, text)).join(' ')}`,
    );
    console.error([messageText(t, error.publicMessage), ...details].join('\n'));
  } else {
    console.error(error instanceof Error ? error.message : String(error));
  }
  process.exit(1);
});
