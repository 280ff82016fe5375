import type { Role } from '@/lib/auth/permissions';

/** Demo stores, each with its eftPay terminals. `T-UNMAPPED-1` belongs to none (unassigned orders). */
export const DEMO_STORES = [
  { code: 'CWB', name: 'Causeway Bay', tids: ['T-CWB-01', 'T-CWB-02'] },
  { code: 'TST', name: 'Tsim Sha Tsui', tids: ['T-TST-01'] },
  { code: 'MK', name: 'Mong Kok', tids: ['T-MK-01'] },
] as const;
export const UNMAPPED_TID = 'T-UNMAPPED-1';

/** Demo logins — printed by `npm run demo`; for the embedded demo only. */
export const DEMO_USERS: ReadonlyArray<{
  email: string;
  name: string;
  role: Role;
  stores: string[];
  password: string;
}> = [
  { email: 'admin@demo.local', name: 'Ada Admin', role: 'admin', stores: [], password: 'demo-admin-pass' },
  {
    email: 'manager@demo.local',
    name: 'Mandy Manager',
    role: 'manager',
    stores: ['CWB'],
    password: 'demo-manager-pass',
  },
  {
    email: 'manager.tst@demo.local',
    name: 'Tony Manager',
    role: 'manager',
    stores: ['TST'],
    password: 'demo-manager-pass',
  },
  {
    // Reads the console in Traditional Chinese (her account's choice); Mong Kok's counter.
    email: 'manager.mk@demo.local',
    name: '陳美玲',
    role: 'manager',
    stores: ['MK'],
    password: 'demo-manager-pass',
  },
  {
    email: 'supervisor@demo.local',
    name: 'Sam Supervisor',
    role: 'supervisor',
    stores: ['CWB', 'TST'],
    password: 'demo-supervisor-pass',
  },
  { email: 'finance@demo.local', name: 'Fiona Finance', role: 'finance', stores: [], password: 'demo-finance-pass' },
];
