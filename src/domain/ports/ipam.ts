/**
 * IP address management rules, pure: CIDR parsing, Neutron's default gateway and allocation pools,
 * and picking the next free address of a pool without enumerating the pool (cost grows with the
 * number of allocated addresses, not with the size of the subnet — an IPv6 /64 is fine).
 * Addresses are handled as BigInt offsets so IPv4 and IPv6 share one code path.
 */
import ipaddr from 'ipaddr.js';

export type IpVersion = 4 | 6;

export interface Cidr {
  version: IpVersion;
  /** canonical "network/prefix" text (host bits cleared), as Neutron stores it */
  text: string;
  network: bigint;
  prefix: number;
  /** first and last address of the range */
  first: bigint;
  last: bigint;
}

export interface AllocationPool {
  start: string;
  end: string;
}

const bits = (v: IpVersion): number => (v === 4 ? 32 : 128);

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const DOTTED_QUAD = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);
const HEX_GROUPS = /^[0-9a-fA-F]{1,4}$/;

/**
 * Plain dotted quads and plain hex IPv6 texts without ipaddr.js: the free-address walk converts
 * every allocated address of a subnet, and ipaddr.js's general parser was two thirds of the CPU
 * of booting 1,000 servers (bench profile, docs/performance.md). Returns undefined whenever the
 * text is anything else (zones, embedded IPv4, or invalid), so ipaddr.js still decides those.
 */
function fastIpToBigInt(ip: string): { version: IpVersion; value: bigint } | undefined {
  const q = DOTTED_QUAD.exec(ip);
  if (q) {
    const [a, b, c, d] = [Number(q[1]), Number(q[2]), Number(q[3]), Number(q[4])];
    return { version: 4, value: BigInt(((a << 24) >>> 0) + (b << 16) + (c << 8) + d) };
  }
  if (!ip.includes(':') || ip.length > 39) return undefined;
  const halves = ip.split('::');
  if (halves.length > 2) return undefined;
  const [before = '', after] = halves;
  const head = before === '' ? [] : before.split(':');
  const tail = after === undefined || after === '' ? [] : after.split(':');
  const groups = head.length + tail.length;
  if (halves.length === 2 ? groups > 7 : groups !== 8) return undefined;
  let value = 0n;
  for (const g of head) {
    if (!HEX_GROUPS.test(g)) return undefined;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  value <<= BigInt(16 * (8 - head.length));
  let low = 0n;
  for (const g of tail) {
    if (!HEX_GROUPS.test(g)) return undefined;
    low = (low << 16n) | BigInt(parseInt(g, 16));
  }
  return { version: 6, value: value | low };
}

export function ipToBigInt(ip: string): { version: IpVersion; value: bigint } | null {
  const fast = fastIpToBigInt(ip);
  if (fast) return fast;
  if (!ipaddr.isValid(ip)) return null;
  const addr = ipaddr.parse(ip);
  // "::ffff:1.2.3.4" stays IPv6; bare dotted quads only
  if (addr.kind() === 'ipv4' && !ipaddr.IPv4.isValidFourPartDecimal(ip)) return null;
  let value = 0n;
  for (const b of addr.toByteArray()) value = (value << 8n) | BigInt(b);
  return { version: addr.kind() === 'ipv4' ? 4 : 6, value };
}

export function bigIntToIp(value: bigint, version: IpVersion): string {
  const n = version === 4 ? 4 : 16;
  const bytes: number[] = [];
  for (let i = n - 1; i >= 0; i--) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

/** Canonical text of an address ("fd00::0001" → "fd00::1"), or null when it is not an address. */
export function canonicalIp(ip: string): string | null {
  const p = ipToBigInt(ip);
  return p ? bigIntToIp(p.value, p.version) : null;
}

/** Parses "a.b.c.d/n" or "x::/n"; null when invalid. Host bits are cleared (Neutron normalises too). */
export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const addr = ipToBigInt(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!addr || !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  const width = bits(addr.version);
  if (prefix > width) return null;
  const hostBits = BigInt(width - prefix);
  const network = (addr.value >> hostBits) << hostBits;
  const last = network + (1n << hostBits) - 1n;
  return {
    version: addr.version,
    text: `${bigIntToIp(network, addr.version)}/${prefix}`,
    network,
    prefix,
    first: network,
    last,
  };
}

export function cidrContains(cidr: Cidr, ip: string): boolean {
  const p = ipToBigInt(ip);
  return !!p && p.version === cidr.version && p.value >= cidr.first && p.value <= cidr.last;
}

/** Neutron's default gateway: the first host address of the subnet (network address + 1). */
export function defaultGateway(cidr: Cidr): string | null {
  if (cidr.last - cidr.first < 1n) return null;
  return bigIntToIp(cidr.first + 1n, cidr.version);
}

/**
 * Neutron's default allocation pools (ipam/utils.py generate_pools): the whole range minus the
 * network address, the IPv4 broadcast address and the gateway, which may split the range in two.
 */
export function defaultPools(cidr: Cidr, gatewayIp: string | null): AllocationPool[] {
  let first = cidr.first;
  let last = cidr.last;
  if (cidr.version === 4) {
    // /31 and /32 keep every address (RFC 3021 point-to-point links)
    if (cidr.prefix < 31) {
      first += 1n;
      last -= 1n;
    }
  } else if (cidr.prefix < 128) {
    first += 1n; // the subnet-router anycast address
  }
  const ranges: Array<[bigint, bigint]> = [];
  const gw = gatewayIp ? ipToBigInt(gatewayIp)?.value : undefined;
  if (gw !== undefined && gw >= first && gw <= last) {
    if (gw > first) ranges.push([first, gw - 1n]);
    if (gw < last) ranges.push([gw + 1n, last]);
  } else if (first <= last) {
    ranges.push([first, last]);
  }
  return ranges.map(([s, e]) => ({ start: bigIntToIp(s, cidr.version), end: bigIntToIp(e, cidr.version) }));
}

/**
 * Checks user-given pools: inside the CIDR, start <= end, no overlaps. Returns an error text or null;
 * a gateway inside a pool is poolHoldingGateway's (its own error, a 409).
 */
export function validatePools(cidr: Cidr, pools: AllocationPool[]): string | null {
  const ranges: Array<[bigint, bigint]> = [];
  for (const p of pools) {
    const s = ipToBigInt(p.start);
    const e = ipToBigInt(p.end);
    if (!s || !e || s.version !== cidr.version || e.version !== cidr.version)
      return `Invalid allocation pool ${p.start}-${p.end}.`;
    if (s.value > e.value) return `Invalid allocation pool ${p.start}-${p.end}.`;
    if (s.value < cidr.first || e.value > cidr.last) {
      return `The allocation pool ${p.start}-${p.end} spans beyond the subnet cidr ${cidr.text}.`;
    }
    ranges.push([s.value, e.value]);
  }
  ranges.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (let i = 1; i < ranges.length; i++) {
    const [prev, cur] = [ranges[i - 1], ranges[i]];
    if (prev && cur && cur[0] <= prev[1]) return 'Found overlapping allocation pools.';
  }
  return null;
}

/** The pool the gateway address lies in, if any (ipam_backend_mixin _validate_gw_out_of_pools). */
export function poolHoldingGateway(pools: AllocationPool[], gatewayIp: string | null): AllocationPool | undefined {
  return gatewayIp === null ? undefined : pools.find((p) => inPools([p], gatewayIp));
}

export function inPools(pools: AllocationPool[], ip: string): boolean {
  const p = ipToBigInt(ip);
  if (!p) return false;
  return pools.some((pool) => {
    const s = ipToBigInt(pool.start);
    const e = ipToBigInt(pool.end);
    return !!s && !!e && p.value >= s.value && p.value <= e.value;
  });
}

/**
 * The first address of the pools (in pool order) that is not in `allocated` and not after
 * nothing: walks each pool from its start, skipping the allocated addresses in ascending order, so
 * the cost is O(allocated), never O(pool size). `after` resumes behind an address that lost a race.
 */
export function firstFreeIp(pools: AllocationPool[], allocated: Iterable<string>, after?: string): string | null {
  const taken = [...allocated]
    .map((a) => ipToBigInt(a)?.value)
    .filter((v): v is bigint => v !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const floor = after !== undefined ? ipToBigInt(after)?.value : undefined;
  for (const pool of pools) {
    const s = ipToBigInt(pool.start);
    const e = ipToBigInt(pool.end);
    if (!s || !e) continue;
    let candidate = s.value;
    if (floor !== undefined && floor >= candidate) candidate = floor + 1n;
    for (const t of taken) {
      if (t < candidate) continue;
      if (t > candidate || candidate > e.value) break;
      candidate += 1n;
    }
    if (candidate <= e.value) return bigIntToIp(candidate, s.version);
  }
  return null;
}

/** Inside the CIDR and neither the network address nor the IPv4 broadcast (Neutron's ipam_utils.check_subnet_ip). */
export function isValidHostIp(cidr: Cidr, ip: string): boolean {
  const p = ipToBigInt(ip);
  if (!p || p.version !== cidr.version || p.value < cidr.first || p.value > cidr.last) return false;
  if (cidr.version === 4 && cidr.prefix < 31) return p.value !== cidr.first && p.value !== cidr.last;
  if (cidr.version === 6 && cidr.prefix < 128) return p.value !== cidr.first;
  return true;
}

/** Subnets whose addresses hosts configure themselves (Neutron's ipv6_utils.is_auto_address_subnet). */
export const isAutoAddressMode = (mode: string | null): boolean => mode === 'slaac' || mode === 'dhcpv6-stateless';

/**
 * The modified EUI-64 address of a MAC on an IPv6 /64 (RFC 4291 appendix A; Neutron's
 * ipv6_utils.get_ipv6_addr_by_EUI64): the MAC split by ff:fe with the universal/local bit flipped.
 */
export function eui64Address(cidr: Cidr, mac: string): string | null {
  if (cidr.version !== 6 || cidr.prefix > 64) return null;
  const b = mac.split(/[:-]/).map((x) => parseInt(x, 16));
  if (b.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) return null;
  const [m0, m1, m2, m3, m4, m5, ...rest] = b;
  if (
    m0 === undefined ||
    m1 === undefined ||
    m2 === undefined ||
    m3 === undefined ||
    m4 === undefined ||
    m5 === undefined ||
    rest.length
  )
    return null;
  const iid = [m0 ^ 0x02, m1, m2, 0xff, 0xfe, m3, m4, m5].reduce((acc, x) => (acc << 8n) | BigInt(x), 0n);
  return bigIntToIp(cidr.network | iid, 6);
}
