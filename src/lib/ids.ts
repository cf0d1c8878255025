import { randomUUID, randomBytes } from 'node:crypto';

export const newUuid = (): string => randomUUID();

/** Nova/oslo request ids: req-<uuid>. */
export const newRequestId = (): string => `req-${randomUUID()}`;

/** Keystone-style ids are 32 hex characters (uuid without dashes). */
export const newHexId = (): string => randomUUID().replace(/-/g, '');

const UUID_CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isCanonicalUuid = (s: string): boolean => UUID_CANONICAL.test(s);

/**
 * oslo_utils.uuidutils.is_uuid_like: accepts what Python's uuid.UUID() parses (braces, urn:uuid:
 * prefix, missing dashes, any case) as long as the normalised hex round-trips.
 */
export function isUuidLike(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  let s = value.trim().toLowerCase();
  if (s.startsWith('urn:')) s = s.slice(4);
  if (s.startsWith('uuid:')) s = s.slice(5);
  s = s.replace(/[{}]/g, '').replace(/-/g, '');
  return /^[0-9a-f]{32}$/.test(s) && value.replace(/[{}-]|urn:|uuid:/gi, '').toLowerCase() === s;
}

/** Generates a random locally-administered unicast MAC with the given prefix (Neutron's fa:16:3e default). */
export function randomMac(prefix = 'fa:16:3e'): string {
  const b = randomBytes(3);
  return `${prefix}:${[...b].map((x) => x.toString(16).padStart(2, '0')).join(':')}`;
}

export function randomPassword(length = 12): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(length);
  return [...bytes].map((x) => alphabet[x % alphabet.length]).join('');
}
