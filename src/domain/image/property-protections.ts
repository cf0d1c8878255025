/**
 * Glance's property protections (glance/common/property_utils.py, the `roles` rule format): an
 * ordered list of rules, each a regular expression over custom property names with the roles that
 * may create, read, update and delete a matching property. The first rule whose expression is
 * found in the name decides; a name no rule matches is refused for every action, as in Glance
 * (operators end their file with a catch-all `.*` rule). '@' allows anyone, '!' no one. An empty
 * rule list turns protections off. Core attributes (name, visibility, …) are never protected.
 */
export type PropertyAction = 'create' | 'read' | 'update' | 'delete';

export interface PropertyProtectionRule {
  /** the section name of Glance's file: a regular expression searched in the property name */
  property: string;
  create: string[];
  read: string[];
  update: string[];
  delete: string[];
}

const ACTIONS: PropertyAction[] = ['create', 'read', 'update', 'delete'];

/** Checks the rules once (at start-up): a bad expression or '@' with '!' is a configuration error. */
export function compileProtections(
  rules: PropertyProtectionRule[],
): Array<{ re: RegExp; rule: PropertyProtectionRule }> {
  return rules.map((rule) => {
    let re: RegExp;
    try {
      re = new RegExp(rule.property);
    } catch (e) {
      throw new Error(`image.propertyProtections: malformed rule ${rule.property}: ${(e as Error).message}`, {
        cause: e,
      });
    }
    for (const action of ACTIONS) {
      const roles = rule[action] ?? [];
      if (roles.includes('@') && roles.includes('!'))
        throw new Error(`image.propertyProtections: [${rule.property}] ${action}: '@' and '!' are mutually exclusive`);
    }
    return { re, rule };
  });
}

export type CompiledProtections = ReturnType<typeof compileProtections>;

/** May a caller with these roles perform the action on the property? */
export function propertyAllowed(
  rules: CompiledProtections,
  name: string,
  action: PropertyAction,
  roles: readonly string[],
): boolean {
  if (rules.length === 0) return true;
  const match = rules.find((r) => r.re.test(name));
  if (!match) return false;
  const allowed = match.rule[action] ?? [];
  if (allowed.includes('!')) return false;
  if (allowed.includes('@')) return true;
  const lower = allowed.map((r) => r.toLowerCase());
  return roles.some((r) => lower.includes(r));
}

/** The custom properties the caller may read; the others are left out of every image body. */
export function readableProperties(
  rules: CompiledProtections,
  props: Record<string, unknown>,
  roles: readonly string[],
): Record<string, unknown> {
  if (rules.length === 0) return props;
  return Object.fromEntries(Object.entries(props).filter(([k]) => propertyAllowed(rules, k, 'read', roles)));
}
