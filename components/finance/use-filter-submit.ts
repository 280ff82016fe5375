'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useTransition } from 'react';

/**
 * Submits a filter form by writing its non-empty fields to the URL (a new history entry, so Back
 * undoes it); the server renders the page for them. `omit` drops a field's default value.
 */
export function useFilterSubmit(path: string, omit?: (key: string, value: string) => boolean) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Built here rather than with `hrefWith`: lib/finance/presets.ts would bring the time-zone
    // library along into the browser.
    const query = new URLSearchParams();
    for (const [key, value] of new FormData(event.currentTarget)) {
      const text = String(value).trim();
      if (text && !omit?.(key, text)) query.set(key, text);
    }
    const search = query.toString();
    startTransition(() => router.push(search ? `${path}?${search}` : path));
  }
  return { submit, isPending };
}
