/** Flavor views (nova/api/openstack/compute/views/flavors.py). */
import type { FlavorRow } from '../../../services/compute/flavor-service.js';
import type { ApiVersion } from '../../../http/api-version.js';

export function flavorLinks(root: string, id: string): Array<{ rel: string; href: string }> {
  return [
    { rel: 'self', href: `${root}/v2.1/flavors/${id}` },
    { rel: 'bookmark', href: `${root}/flavors/${id}` },
  ];
}

export function flavorBasic(f: FlavorRow, root: string, mv: ApiVersion): Record<string, unknown> {
  const out: Record<string, unknown> = { id: f.id, links: flavorLinks(root, f.id), name: f.name };
  if (mv.atLeast('2.55')) out.description = f.description;
  return out;
}

export function flavorDetail(
  f: FlavorRow,
  root: string,
  mv: ApiVersion,
  showExtraSpecs: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    'OS-FLV-DISABLED:disabled': f.disabled === 1,
    disk: f.disk,
    'OS-FLV-EXT-DATA:ephemeral': f.ephemeral,
    'os-flavor-access:is_public': f.is_public === 1,
    id: f.id,
    links: flavorLinks(root, f.id),
    name: f.name,
    ram: f.ram,
    swap: f.swap === 0 ? '' : f.swap,
    vcpus: f.vcpus,
    rxtx_factor: f.rxtx_factor,
  };
  if (mv.atLeast('2.55')) out.description = f.description;
  if (mv.atLeast('2.61') && showExtraSpecs) out.extra_specs = JSON.parse(f.extra_specs) as Record<string, string>;
  if (mv.atLeast('2.75') && f.swap === 0) out.swap = 0;
  return out;
}
