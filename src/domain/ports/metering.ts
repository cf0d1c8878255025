/**
 * Metering label rule prefixes (neutron/services/metering/metering_plugin.py, Zed), pure: the
 * check Python's ipaddress.ip_interface makes, the text netaddr.IPNetwork stores (host bits kept,
 * a bare address as /32 or /128, a netmask or hostmask as its prefix length) and the overlap test
 * of netaddr.IPSet (the networks' ranges intersect).
 */
import { bigIntToIp, ipToBigInt, type IpVersion } from './ipam.js';

export interface MeteringPrefix {
  version: IpVersion;
  /** what Neutron stores and shows: "10.0.0.1/24", "2001:db8::1/64", "10.1.0.5/32" */
  text: string;
  first: bigint;
  last: bigint;
}

const width = (v: IpVersion) => (v === 4 ? 32 : 128);

/** the prefix length of a dotted IPv4 netmask (255.255.255.0) or hostmask (0.0.0.255), else null */
function maskLength(mask: string): number | null {
  const m = ipToBigInt(mask);
  if (!m || m.version !== 4 || !/^\d+\.\d+\.\d+\.\d+$/.test(mask)) return null;
  const bin = m.value.toString(2).padStart(32, '0');
  if (/^1*0*$/.test(bin)) return bin.indexOf('0') < 0 ? 32 : bin.indexOf('0');
  if (/^0*1*$/.test(bin)) return bin.indexOf('1') < 0 ? 32 : bin.indexOf('1');
  return null;
}

/** ip_interface's and netaddr's reading of a prefix, or null where ip_interface raises ValueError */
export function parseMeteringPrefix(text: string): MeteringPrefix | null {
  const parts = text.split('/');
  if (parts.length > 2) return null;
  const [addrText = '', lenText] = parts;
  const addr = ipToBigInt(addrText);
  if (!addr) return null;
  const w = width(addr.version);
  let len: number | null = w;
  if (lenText !== undefined) {
    if (/^\d+$/.test(lenText)) len = Number(lenText) <= w ? Number(lenText) : null;
    else len = addr.version === 4 ? maskLength(lenText) : null;
  }
  if (len === null) return null;
  const hostBits = BigInt(w - len);
  const first = (addr.value >> hostBits) << hostBits;
  return {
    version: addr.version,
    text: `${bigIntToIp(addr.value, addr.version)}/${len}`,
    first,
    last: first + (1n << hostBits) - 1n,
  };
}

/** netaddr.IPSet([a]) & IPSet([b]) is not empty */
export const prefixesOverlap = (a: MeteringPrefix, b: MeteringPrefix): boolean =>
  a.version === b.version && a.first <= b.last && b.first <= a.last;
