/**
 * dns-integration as ML2's dns extension driver serves it with the deployment's dns_domain left at
 * its default, `openstacklocal` (neutron_lib/api/validators/dns.py, plugins/ml2/extensions/
 * dns_integration.py): a port's dns_name is validated but, as Neutron does under the default
 * domain, not assigned (shown ''); its dns_assignment names each fixed IP host-<ip>; a network's
 * dns_domain is validated and kept. Pure rules, Neutron's messages.
 */
import { pyStr } from '../../lib/python-repr.js';
import { invalidAttribute, invalidInput } from './network-errors.js';

/** the deployment's dns_domain (DNS_DOMAIN_DEFAULT) */
export const DNS_DOMAIN = 'openstacklocal.';
const FQDN_MAX = 255;
const LABEL = /^([a-z0-9-]{1,63}|<project_id>|<project_name>|<user_name>|<user_id>)$/;

/** _validate_dns_format: the reason, or undefined when valid */
function dnsFormatError(data: string): string | undefined {
  if (!data) return undefined;
  const reason = (): string | undefined => {
    const trimmed = data.endsWith('.') ? data.slice(0, -1) : data;
    if (trimmed.length > FQDN_MAX) return `'${trimmed}' exceeds the ${FQDN_MAX} character FQDN limit`;
    const labels = trimmed.split('.');
    for (const label of labels) {
      if (!label) return 'Encountered an empty component';
      if (label.startsWith('-') || label.endsWith('-')) return `Name '${label}' must not start or end with a hyphen`;
      if (!LABEL.test(label))
        return `Name '${label}' must be 1-63 characters long, each of which can only be alphanumeric or a hyphen`;
    }
    const tld = labels[labels.length - 1]!;
    if (labels.length > 1 && /^[0-9]+$/.test(tld)) return `TLD '${tld}' must not be all numeric`;
    return undefined;
  };
  const r = reason();
  return r === undefined ? undefined : `'${data}' not a valid PQDN or FQDN. Reason: ${r}`;
}

/** convert_string_to_case_insensitive */
function lowered(v: unknown): string {
  if (typeof v !== 'string') throw invalidInput(`Input value ${pyStr(v)} must be string type`);
  return v.toLowerCase();
}

/** a port's dns_name (type:dns_host_name); undefined: not given */
export function parseDnsName(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  const name = lowered(v);
  const err = dnsFormatError(name);
  if (err) throw invalidAttribute('dns_name', err);
  return name;
}

/**
 * a floating IP's dns_name (type:fip_dns_host_name): relative, room left for a domain. Validated,
 * not kept: with no external DNS driver Neutron stores no DNS data for floating IPs (dns_db.py),
 * so they show '' for both fields whatever was asked.
 */
export function checkFloatingIpDnsName(v: unknown): void {
  if (v === undefined) return;
  const name = lowered(v);
  if (!name) return;
  if (name.endsWith('.'))
    throw invalidAttribute('dns_name', `'${name}' is a FQDN. It should be a relative domain name`);
  const err = dnsFormatError(name);
  if (err) throw invalidAttribute('dns_name', err);
  if (name.length > FQDN_MAX - 3)
    throw invalidAttribute(
      'dns_name',
      `'${name}' contains ${name.length} characters. Adding a domain name will cause it to exceed the maximum length of a FQDN of '${FQDN_MAX}'`,
    );
}

/** a network's dns_domain (type:dns_domain_name); undefined: not given */
export function parseDnsDomain(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalidAttribute('dns_domain', `'${pyStr(v)}' is not a valid string`);
  const domain = v.toLowerCase();
  if (!domain) return '';
  if (!domain.endsWith('.')) throw invalidAttribute('dns_domain', `'${domain}' is not a FQDN`);
  const err = dnsFormatError(domain);
  if (err) throw invalidAttribute('dns_domain', err);
  if (domain.length > FQDN_MAX - 2)
    throw invalidAttribute(
      'dns_domain',
      `'${domain}' contains ${domain.length} characters. Adding a sub-domain will cause it to exceed the maximum length of a FQDN of '${FQDN_MAX}'`,
    );
  return domain;
}

/** dns_assignment: one entry per fixed IP, named after the address under the deployment's domain */
export function dnsAssignment(
  fixedIps: ReadonlyArray<{ ip_address: string }>,
): Array<{ ip_address: string; hostname: string; fqdn: string }> {
  return fixedIps.map((f) => {
    const hostname = `host-${f.ip_address.replace(/[.:]/g, '-')}`;
    return { ip_address: f.ip_address, hostname, fqdn: `${hostname}.${DNS_DOMAIN}` };
  });
}
