'use client';

import { Button } from '@/components/ui/button';

/** Opens the browser's print dialog; never printed itself. */
export function PrintButton({ label }: { label: string }) {
  return (
    <Button type="button" onClick={() => window.print()} className="print:hidden" data-primary-action="">
      {label}
    </Button>
  );
}
