/**
 * GET /v2/schemas/{image,images,member,members} and /v2/schemas/metadefs/{…}
 * (glance/api/v2/schemas.py): the recorded documents.
 */
import { route, type RouteDef } from '../../http/route-table.js';
import { IMAGE_SCHEMA, IMAGES_SCHEMA, MEMBER_SCHEMA, MEMBERS_SCHEMA } from './schemas/glance-schemas.js';
import * as metadef from './schemas/metadef-schemas.js';

const METADEF_DOCUMENTS: Array<[string, Record<string, unknown>]> = [
  ['namespace', metadef.METADEF_NAMESPACE_SCHEMA],
  ['namespaces', metadef.METADEF_NAMESPACES_SCHEMA],
  ['object', metadef.METADEF_OBJECT_SCHEMA],
  ['objects', metadef.METADEF_OBJECTS_SCHEMA],
  ['property', metadef.METADEF_PROPERTY_SCHEMA],
  ['properties', metadef.METADEF_PROPERTIES_SCHEMA],
  ['tag', metadef.METADEF_TAG_SCHEMA],
  ['tags', metadef.METADEF_TAGS_SCHEMA],
  ['resource_type', metadef.METADEF_RESOURCE_TYPE_SCHEMA],
  ['resource_types', metadef.METADEF_RESOURCE_TYPES_SCHEMA],
];

export function imageSchemaRoutes(): RouteDef[] {
  // Glance checks no rule for its schemas: any authenticated caller reads them
  const serve = (url: string, doc: Record<string, unknown>): RouteDef =>
    route({ method: 'GET', url, handler: async () => doc });
  return [
    serve('/v2/schemas/image', IMAGE_SCHEMA),
    serve('/v2/schemas/images', IMAGES_SCHEMA),
    serve('/v2/schemas/member', MEMBER_SCHEMA),
    serve('/v2/schemas/members', MEMBERS_SCHEMA),
    ...METADEF_DOCUMENTS.map(([name, doc]) => serve(`/v2/schemas/metadefs/${name}`, doc)),
  ];
}
