import { DEMO_USERS } from './accounts';

/** The demo staff member who acts in `store`: its manager, or its supervisor when there is one. */
export function staffFor(store: string, supervisor: boolean): string {
  const of = (role: string) => DEMO_USERS.find((u) => u.role === role && u.stores.includes(store));
  const manager = of('manager');
  if (!manager) throw new Error(`demo store ${store} has no manager`);
  return (supervisor ? of('supervisor') : undefined)?.email ?? manager.email;
}
