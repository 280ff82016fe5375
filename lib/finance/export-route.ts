import 'server-only';
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { Db } from '@/db/connect';
import type { StaffActor } from '@/lib/auth/actor';
import type { Capability } from '@/lib/auth/permissions';
import type { Locale } from '@/lib/i18n/locales';
import { requestLocale } from '@/lib/i18n/request-locale';
import { csvFileName, csvResponseHeaders, toWebStream } from './csv';
import { authorizeExport } from './export-access';

/**
 * The GET handler of a CSV export route: the export gate (lib/finance/export-access.ts), then the
 * export in the requester's language, streamed as a download named `<fileName>-<time>.csv`.
 */
export function csvExportRoute<S extends z.ZodType>({
  capability,
  route,
  schema,
  fileName,
  exportCsv,
}: {
  capability: Capability;
  route: string;
  schema: S;
  fileName: string;
  exportCsv: (args: { ctx: { db: Db; actor: StaffActor }; input: z.output<S>; locale: Locale }) => Readable;
}): (request: Request) => Promise<Response> {
  return async (request) => {
    const access = await authorizeExport(request, { capability, route, schema });
    if (!access.ok) return access.response;
    const csv = exportCsv({
      ctx: { db: access.db, actor: access.actor },
      input: access.input,
      locale: requestLocale(request, access.actor.locale),
    });
    return new Response(toWebStream(csv), { headers: csvResponseHeaders(csvFileName(fileName)) });
  };
}
