import 'server-only';
import { headers } from 'next/headers';
import { getServerSession } from 'next-auth';
import { cache } from 'react';
import { getDb } from '@/db/client';
import { env } from '@/lib/env';
import type { StaffActor } from './actor';
import { getAuthOptions } from './options';
import { clientIp } from './request-info';
import { loadStaffActor } from './session';

/**
 * The signed-in staff member for this request (from the next-auth session cookie), or null. Read
 * fresh from the database.
 */
export const getCurrentActor = cache(async (): Promise<StaffActor | null> => {
  const session = (await getServerSession(getAuthOptions())) as { sid?: string } | null;
  if (!session?.sid) return null;
  const h = await headers();
  return loadStaffActor(await getDb(), session.sid, {
    idleMinutes: env().SESSION_IDLE_MINUTES,
    maxHours: env().SESSION_MAX_HOURS,
    ip: clientIp(h),
    userAgent: h.get('user-agent'),
  });
});
