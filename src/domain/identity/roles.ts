/**
 * Keystone's default implied roles (created by `keystone-manage bootstrap`): admin implies member,
 * member implies reader. Tokens list the implied roles too, and policy relies on that.
 */
const IMPLIES: Record<string, string[]> = { admin: ['member'], member: ['reader'] };

export function expandImpliedRoles(names: readonly string[]): string[] {
  const out = new Set<string>();
  const visit = (n: string): void => {
    if (out.has(n)) return;
    out.add(n);
    for (const m of IMPLIES[n] ?? []) visit(m);
  };
  names.forEach(visit);
  return [...out];
}
