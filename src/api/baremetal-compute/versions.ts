/** Mogan version discovery: GET / (root object) and GET /v1 (resource links), no auth. */
export function rootDocument(): unknown {
  return {
    name: 'OpenStack Mogan API',
    description: 'Mogan is an OpenStack project which aims to facilitate baremetal machines management.',
  };
}

export function v1Document(base: string): unknown {
  const links = (resource: string) => [
    { href: `${base}/v1/${resource}/`, rel: 'self' },
    { href: `${base}/${resource}/`, rel: 'bookmark' },
  ];
  return {
    id: 'v1',
    instances: links('instances'),
    flavors: links('flavors'),
    availability_zones: links('availability_zones'),
    keypairs: links('keypairs'),
  };
}
