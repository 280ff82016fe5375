'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useTransition } from 'react';
import { hrefWith } from '@/lib/shared/href';

/**
 * Submits a filter form by writing its non-empty fields to the URL (a new history entry, so Back
 * undoes it); the server renders the page for them. `omit` drops a field's default value.
 */
export function useFilterSubmit(path: string, omit?: (key: string, value: string) => boolean) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const params: Record<string, string> = {};
    for (const [key, value] of new FormData(event.currentTarget)) {
      const text = String(value).trim();
      if (text && !omit?.(key, text)) params[key] = text;
    }
    startTransition(() => router.push(hrefWith(path, params)));
  }
  return { submit, isPending };
}
