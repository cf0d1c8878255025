/** Nova's image views (nova/api/openstack/compute/views/images.py). */
import { novaTime } from '../../../lib/time.js';
import { isTrueString } from '../../../lib/bool-from-string.js';
import type { NovaImage } from '../../../services/compute/image-proxy.js';

/** Where a view's links point: the compute root (…/compute) and Glance's endpoint (…/image). */
export interface ImageLinkRoots {
  compute: string;
  glance: string;
}

type Link = { rel: string; href: string; type?: string };

// _get_status and _get_progress: Glance's statuses in Nova's words
const STATUS: Record<string, string> = {
  active: 'ACTIVE',
  queued: 'SAVING',
  saving: 'SAVING',
  deleted: 'DELETED',
  pending_delete: 'DELETED',
  killed: 'ERROR',
};
const PROGRESS: Record<string, number> = { queued: 25, saving: 50, active: 100 };

function selfLinks(roots: ImageLinkRoots, collection: string, id: string): Link[] {
  return [
    { rel: 'self', href: `${roots.compute}/v2.1/${collection}/${id}` },
    { rel: 'bookmark', href: `${roots.compute}/${collection}/${id}` },
  ];
}

function imageLinks(roots: ImageLinkRoots, id: string): Link[] {
  return [
    ...selfLinks(roots, 'images', id),
    { rel: 'alternate', type: 'application/vnd.openstack.image', href: `${roots.glance}/images/${id}` },
  ];
}

/** ViewBuilder.basic: what GET /images lists */
export function imageBasic(i: NovaImage, roots: ImageLinkRoots): Record<string, unknown> {
  return { id: i.row.id, name: i.row.name, links: imageLinks(roots, i.row.id) };
}

/** ViewBuilder.show: GET /images/{id} and /images/detail */
export function imageDetail(i: NovaImage, roots: ImageLinkRoots): Record<string, unknown> {
  const r = i.row;
  const out: Record<string, unknown> = {
    id: r.id,
    name: r.name,
    minRam: r.min_ram,
    minDisk: r.min_disk,
    metadata: i.properties,
    created: novaTime(r.created_at),
    updated: novaTime(r.updated_at),
    status: STATUS[r.status] ?? 'UNKNOWN',
    progress: PROGRESS[r.status] ?? 0,
    // glance.py _extract_attributes_v2: an image without data has size 0 for Nova
    'OS-EXT-IMG-SIZE:size': r.size ?? 0,
    links: imageLinks(roots, r.id),
  };
  // a snapshot names the server it was taken from
  const server = i.properties.instance_uuid;
  if (server !== undefined && server !== null) {
    const ref = typeof server === 'string' ? server : JSON.stringify(server);
    out.server = { id: server, links: selfLinks(roots, 'servers', ref) };
  }
  const diskConfig = i.properties.auto_disk_config;
  if (diskConfig !== undefined && diskConfig !== null) {
    out['OS-DCF:diskConfig'] = isTrueString(diskConfig) ? 'AUTO' : 'MANUAL';
  }
  return out;
}
