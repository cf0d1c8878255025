/**
 * os-quota-sets and os-quota-class-sets bodies (schemas/quota_sets.py, quota_classes.py): every
 * resource an integer or a digit string from -1 (unlimited) to MAX_INT; quota-sets drop the
 * network proxies at 2.36 and personality at 2.57, quota-class-sets drop the proxies at 2.50.
 */
import { Type, type TObject, type TProperties } from '@sinclair/typebox';
import { boolean } from './flavor-manage.js';
import { queryParam } from './os-keypairs.js';

const quota = Type.Optional(
  Type.Unsafe<number | string>({
    type: ['integer', 'string'],
    pattern: '^-?[0-9]+$',
    minimum: -1,
    maximum: 0x7fffffff,
  }),
);

const base = {
  instances: quota,
  cores: quota,
  ram: quota,
  floating_ips: quota,
  fixed_ips: quota,
  metadata_items: quota,
  key_pairs: quota,
  security_groups: quota,
  security_group_rules: quota,
  injected_files: quota,
  injected_file_content_bytes: quota,
  injected_file_path_bytes: quota,
  server_groups: quota,
  server_group_members: quota,
};
const NETWORK = ['fixed_ips', 'floating_ips', 'security_groups', 'security_group_rules'];
const PERSONALITY = ['injected_files', 'injected_file_content_bytes', 'injected_file_path_bytes'];

const without = <P extends TProperties>(props: P, drop: string[]): P =>
  Object.fromEntries(Object.entries(props).filter(([k]) => !drop.includes(k))) as P;

const wrap = <P extends TProperties>(key: string, props: P): TObject =>
  Type.Object({ [key]: Type.Object(props, { additionalProperties: false }) }, { additionalProperties: false });

export type QuotaValues = Partial<Record<keyof typeof base, number | string>> & { force?: boolean | string };

const setProps = { ...base, force: Type.Optional(boolean) };
export const quotaSetUpdate = {
  '2.1': Type.Unsafe<{ quota_set: QuotaValues }>(wrap('quota_set', setProps)),
  '2.36': Type.Unsafe<{ quota_set: QuotaValues }>(wrap('quota_set', without(setProps, NETWORK))),
  '2.57': Type.Unsafe<{ quota_set: QuotaValues }>(wrap('quota_set', without(setProps, [...NETWORK, ...PERSONALITY]))),
};

export const quotaClassUpdate = {
  '2.1': Type.Unsafe<{ quota_class_set: QuotaValues }>(wrap('quota_class_set', base)),
  '2.50': Type.Unsafe<{ quota_class_set: QuotaValues }>(wrap('quota_class_set', without(base, NETWORK))),
  '2.57': Type.Unsafe<{ quota_class_set: QuotaValues }>(
    wrap('quota_class_set', without(base, [...NETWORK, ...PERSONALITY])),
  ),
};

/** user_id (show, detail, update, delete): other parameters ignored before 2.75, refused from it */
export const quotaUserQuery = {
  '2.1': Type.Unsafe<{ user_id?: string | string[] }>({ type: 'object', additionalProperties: true }),
  '2.75': Type.Object({ user_id: queryParam }, { additionalProperties: false }),
};
