'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useForm } from 'react-hook-form';
import { useActionResult } from '@/components/forms/action-result';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Textarea } from '@/components/ui/input';
import { resolveDiscrepancyAction } from '@/lib/actions/discrepancies';
import { ResolveDiscrepancyInput } from '@/lib/discrepancies/schemas';

/** "Mark resolved" for one discrepancy: what was done about it (required), then the server decides. */
export function ResolveDiscrepancyForm({
  discrepancyId,
  primary = false,
}: {
  discrepancyId: string;
  primary?: boolean;
}) {
  const t = useTranslations('gateway.discrepancies');
  const readResult = useActionResult();
  const router = useRouter();
  const form = useForm<ResolveDiscrepancyInput>({
    resolver: zodResolver(ResolveDiscrepancyInput),
    defaultValues: { discrepancyId, note: '' },
  });
  const { errors, isSubmitting } = form.formState;
  const noteId = `resolve-note-${discrepancyId}`;

  async function submit(values: ResolveDiscrepancyInput) {
    const result = await resolveDiscrepancyAction(values);
    const read = readResult(result, form, ['note']);
    if (read.ok) {
      router.refresh();
      return;
    }
    if (read.text) form.setError('root', { message: read.text });
  }

  return (
    <form onSubmit={form.handleSubmit(submit)} className="space-y-2" data-testid="resolve-discrepancy" noValidate>
      <Field id={noteId} label={t('note')} hint={t('noteHint')} error={errors.note?.message}>
        <Textarea
          id={noteId}
          rows={2}
          maxLength={1000}
          aria-invalid={!!errors.note}
          aria-describedby={errors.note ? `${noteId}-error` : undefined}
          {...form.register('note')}
        />
      </Field>
      {errors.root?.message ? <Notice tone="error">{errors.root.message}</Notice> : null}
      <Button type="submit" variant="secondary" disabled={isSubmitting} data-primary-action={primary ? '' : undefined}>
        {isSubmitting ? t('resolving') : t('resolve')}
      </Button>
    </form>
  );
}
