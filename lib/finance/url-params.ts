import { z } from 'zod';
import { msg } from '@/lib/shared/messages';

/**
 * Building blocks of the filters that travel in the URL (refund history, audit log). A blank
 * field is an absent one; values are trimmed.
 */
const blankToUndefined = (value: unknown) => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};

export const optionalParam = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/** A Hong Kong calendar day, `YYYY-MM-DD`, that exists. */
export const HkDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, msg('errors.filters.date_format'))
  .refine((d) => {
    const time = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().startsWith(d);
  }, msg('errors.filters.date_impossible'));

/** Next's `searchParams` (or a URL's) → plain strings; a repeated key keeps its first value. */
export function searchParamsRecord(
  params: URLSearchParams | Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (params instanceof URLSearchParams) {
    for (const [key, value] of params) out[key] ??= value;
    return out;
  }
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[key] = first;
  }
  return out;
}
