import type { ReactNode } from 'react';
import { requireCapability } from '@/lib/auth/guard';

/**
 * The capability check runs here, above loading.tsx, so a refusal is a real 404 (or redirect)
 * rather than one streamed inside a 200 response.
 */
export default async function Layout({ children }: { children: ReactNode }) {
  await requireCapability('refunds.approve');
  return children;
}
