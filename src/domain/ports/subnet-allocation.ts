/**
 * Subnet pool arithmetic, pure (neutron/ipam/subnet_alloc.py, with netaddr's IPSet): compacting a
 * pool's prefixes, the free blocks left once its subnets are taken out, and the choice of the
 * next CIDR of a prefix length (the first block of the smallest free blocks that fit).
 */
import { bigIntToIp, parseCidr, type Cidr, type IpVersion } from './ipam.js';

interface Range {
  first: bigint;
  last: bigint;
}

const width = (v: IpVersion): number => (v === 4 ? 32 : 128);

/** sorted, merged ranges (adjacent ones joined) */
function merge(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const out: Range[] = [];
  for (const r of sorted) {
    const tail = out.at(-1);
    if (tail && r.first <= tail.last + 1n) {
      if (r.last > tail.last) tail.last = r.last;
    } else out.push({ ...r });
  }
  return out;
}

function subtract(from: Range[], take: Range[]): Range[] {
  let out = merge(from);
  for (const t of merge(take)) {
    const next: Range[] = [];
    for (const r of out) {
      if (t.last < r.first || t.first > r.last) {
        next.push(r);
        continue;
      }
      if (t.first > r.first) next.push({ first: r.first, last: t.first - 1n });
      if (t.last < r.last) next.push({ first: t.last + 1n, last: r.last });
    }
    out = next;
  }
  return out;
}

/** the fewest CIDRs covering a range exactly, in address order (netaddr's iter_cidrs) */
function rangeToCidrs(r: Range, version: IpVersion): Cidr[] {
  const bits = width(version);
  const out: Cidr[] = [];
  let start = r.first;
  while (start <= r.last) {
    let size = bits;
    // the largest aligned block starting at `start` that stays inside the range
    while (size > 0) {
      const hostBits = BigInt(bits - size + 1);
      const block = 1n << hostBits;
      if (start % block !== 0n || start + block - 1n > r.last) break;
      size--;
    }
    const cidr = parseCidr(`${bigIntToIp(start, version)}/${size}`);
    if (!cidr) break;
    out.push(cidr);
    start = cidr.last + 1n;
  }
  return out;
}

const toRanges = (cidrs: Cidr[]): Range[] => cidrs.map((c) => ({ first: c.first, last: c.last }));

/** A pool's prefixes as Neutron stores them: overlaps and neighbours compacted, in address order. */
export function compactPrefixes(prefixes: Cidr[], version: IpVersion): Cidr[] {
  return merge(toRanges(prefixes)).flatMap((r) => rangeToCidrs(r, version));
}

/** The free blocks of a pool, smallest first (largest prefix length), address order within a size. */
export function availableBlocks(prefixes: Cidr[], allocated: Cidr[], version: IpVersion): Cidr[] {
  const free = subtract(toRanges(prefixes), toRanges(allocated)).flatMap((r) => rangeToCidrs(r, version));
  return free.sort((a, b) => b.prefix - a.prefix);
}

/** _allocate_any_subnet: the first CIDR of `prefixlen` in the first free block it fits in, else null. */
export function nextFreeCidr(prefixes: Cidr[], allocated: Cidr[], version: IpVersion, prefixlen: number): Cidr | null {
  for (const block of availableBlocks(prefixes, allocated, version)) {
    if (prefixlen >= block.prefix) return parseCidr(`${bigIntToIp(block.network, version)}/${prefixlen}`);
  }
  return null;
}

/** _allocate_specific_subnet: the CIDR lies wholly inside one free block. */
export function isCidrFree(prefixes: Cidr[], allocated: Cidr[], version: IpVersion, cidr: Cidr): boolean {
  return availableBlocks(prefixes, allocated, version).some(
    (b) => b.prefix <= cidr.prefix && b.first <= cidr.first && cidr.last <= b.last,
  );
}

/** Whether two prefix lists share an address (pools in one address scope must not). */
export function prefixesOverlap(a: Cidr[], b: Cidr[]): boolean {
  return a.some((x) => b.some((y) => x.version === y.version && x.first <= y.last && y.first <= x.last));
}

/** Every prefix of `inner` is covered by `outer` (a prefix update must keep the old prefixes). */
export function prefixesCover(outer: Cidr[], inner: Cidr[]): boolean {
  return subtract(toRanges(inner), toRanges(outer)).length === 0;
}

/** The prefixes left once `removal` is taken out of them (remove_prefixes), in address order. */
export function removePrefixes(prefixes: Cidr[], removal: Cidr[], version: IpVersion): Cidr[] {
  return subtract(toRanges(prefixes), toRanges(removal)).flatMap((r) => rangeToCidrs(r, version));
}
