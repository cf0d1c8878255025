/** Compute version discovery (nova/api/openstack/compute/versions.py, views/versions.py). */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { baseUrl } from '../../http/base-url.js';
import { MAX_VERSION, MIN_VERSION } from './microversions.js';

export function computeRoot(rt: Runtime, request: FastifyRequest): string {
  return `${baseUrl(rt.config, request)}/compute`;
}

const v21 = (root: string) => ({
  id: 'v2.1',
  status: 'CURRENT',
  version: MAX_VERSION.toString(),
  min_version: MIN_VERSION.toString(),
  updated: '2013-07-23T11:33:21Z',
  links: [{ rel: 'self', href: `${root}/v2.1/` }],
});

const v20 = (root: string) => ({
  id: 'v2.0',
  status: 'SUPPORTED',
  version: '',
  min_version: '',
  updated: '2011-01-21T11:33:21Z',
  links: [{ rel: 'self', href: `${root}/v2/` }],
});

export function versionsDocument(root: string): unknown {
  return { versions: [v20(root), v21(root)] };
}

export function versionDocument(root: string, id: 'v2.0' | 'v2.1'): unknown {
  const base = id === 'v2.1' ? v21(root) : v20(root);
  return {
    version: {
      ...base,
      links: [...base.links, { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' }],
      'media-types': [
        {
          base: 'application/json',
          type: `application/vnd.openstack.compute+json;version=${id === 'v2.1' ? '2.1' : '2'}`,
        },
      ],
    },
  };
}

/** Nova's 300 Multiple Choices for unknown paths on the unversioned root. */
export function choicesDocument(root: string, path: string): unknown {
  const choice = (id: 'v2.0' | 'v2.1', seg: string) => {
    const b = id === 'v2.1' ? v21(root) : v20(root);
    return {
      id,
      status: b.status,
      links: [{ rel: 'self', href: `${root}/${seg}${path}` }],
      'media-types': [
        {
          base: 'application/json',
          type: `application/vnd.openstack.compute+json;version=${id === 'v2.1' ? '2.1' : '2'}`,
        },
      ],
    };
  };
  return { choices: [choice('v2.0', 'v2'), choice('v2.1', 'v2.1')] };
}
