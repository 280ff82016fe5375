import type { StaffActor } from '@/lib/auth/actor';
import { gateError, passGate } from '@/lib/auth/gate';
import { type ErrorCode, NotFoundError, toPublicError } from '@/lib/errors';
import { log } from '@/lib/log';
import { auditRefusedRead } from '@/lib/pages/not-found';
import { getLiveRefundStatus } from '@/lib/refunds/live-status';

export const dynamic = 'force-dynamic';

const STATUS: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404 };

/**
 * The refund statuses of one order, polled by the order page while a refund is not final. Scoped
 * like every read: 401 signed out, 404 for an order outside the caller's stores (as for one that
 * does not exist). Never cached.
 */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  let actor: StaffActor | null = null;
  try {
    const gate = await passGate({
      capability: 'orders.view',
      target: { kind: 'route', name: 'GET /api/orders/[id]/refunds' },
    });
    // A role that may not view orders learns nothing, not even that the order exists.
    if (!gate.ok) throw gate.refusal === 'forbidden' ? new NotFoundError('errors.not_found.order') : gateError(gate);
    actor = gate.actor;
    const status = await getLiveRefundStatus(gate.db, actor.scope, (await params).id);
    return Response.json(status, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    const body = toPublicError(error);
    // A read of an order outside the caller's stores is audited (docs/adr/0012).
    if (body.code === 'NOT_FOUND' && actor) await auditRefusedRead(actor, new URL(req.url).pathname);
    if (body.code === 'INTERNAL') log.error({ err: error }, 'refund status read failed');
    return Response.json(body, { status: STATUS[body.code] ?? 500, headers: { 'Cache-Control': 'no-store' } });
  }
}
