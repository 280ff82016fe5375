import { NextResponse } from 'next/server';
import { serverStatus } from '@/lib/server/status';

export const dynamic = 'force-dynamic';

/** Liveness and start-up progress, for load balancers and the demo/E2E launchers. No secrets. */
export function GET() {
  const status = serverStatus();
  return NextResponse.json(status, { status: status.ready ? 200 : 503 });
}
