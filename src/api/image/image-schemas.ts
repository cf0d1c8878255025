/** GET /v2/schemas/{image,images,member,members} (glance/api/v2/schemas.py): the recorded documents. */
import { route, type RouteDef } from '../../http/route-table.js';
import { IMAGE_SCHEMA, IMAGES_SCHEMA, MEMBER_SCHEMA, MEMBERS_SCHEMA } from './schemas/glance-schemas.js';

export function imageSchemaRoutes(): RouteDef[] {
  // Glance checks no rule for its schemas: any authenticated caller reads them
  const serve = (url: string, doc: Record<string, unknown>): RouteDef =>
    route({ method: 'GET', url, handler: async () => doc });
  return [
    serve('/v2/schemas/image', IMAGE_SCHEMA),
    serve('/v2/schemas/images', IMAGES_SCHEMA),
    serve('/v2/schemas/member', MEMBER_SCHEMA),
    serve('/v2/schemas/members', MEMBERS_SCHEMA),
  ];
}
