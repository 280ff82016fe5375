import { NextResponse } from 'next/server';
import { serverStatus } from '@/lib/server/status';

export const dynamic = 'force-dynamic';

/**
 * Liveness and start-up progress, for load balancers and the demo/E2E launchers. No secrets.
 * `?demo=done` answers 503 until the demo seed has finished (what the launchers wait for).
 */
export function GET(req: Request) {
  const status = serverStatus();
  const waitForDemo = new URL(req.url).searchParams.get('demo') === 'done';
  const ready = status.ready && !(waitForDemo && status.demoSeed === 'running');
  return NextResponse.json(status, { status: ready ? 200 : 503 });
}
