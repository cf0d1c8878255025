/** Cinder's /os-quota-class-sets/{class} (cinder/api/contrib/quota_classes.py), admin only. */
import type { Runtime } from '../../runtime.js';
import { route, SchemaError, type RouteDef } from '../../http/route-table.js';
import { compileSchema } from '../../http/validation.js';
import { BlockStorageQuotaService } from '../../services/block-storage/quota-service.js';

/** update_quota_class with parameter_types.quota_class_set (its custom format left out) */
const updateQuotaClass: Record<string, unknown> = {
  type: 'object',
  properties: {
    quota_class_set: {
      type: 'object',
      patternProperties: {
        '^[a-zA-Z0-9-_:. ]{1,300}$': {
          type: ['integer', 'string'],
          pattern: '^[0-9]*$',
          minimum: -1,
          minLength: 1,
          maximum: 2147483647,
        },
      },
      additionalProperties: false,
    },
  },
  required: ['quota_class_set'],
  additionalProperties: false,
};

export function quotaClassRoutes(rt: Runtime): RouteDef[] {
  const svc = new BlockStorageQuotaService(rt);
  return [
    route({
      method: 'GET',
      url: '/os-quota-class-sets/:class_name',
      policy: 'volume_extension:quota_classes:get',
      target: () => ({}),
      handler: async (request) => ({
        quota_class_set: {
          ...Object.fromEntries(await svc.classSet(request.params.class_name)),
          id: request.params.class_name,
        },
      }),
    }),
    route({
      method: 'PUT',
      url: '/os-quota-class-sets/:class_name',
      policy: 'volume_extension:quota_classes:update',
      target: () => ({}),
      handler: async (request) => {
        const violation = compileSchema(updateQuotaClass).check(request.body);
        if (violation) throw new SchemaError('body', violation);
        const given = (request.body as { quota_class_set: Record<string, number | string> }).quota_class_set;
        const values = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, Number(v)]));
        // the update's answer carries no id, as Cinder's
        return { quota_class_set: Object.fromEntries(await svc.updateClass(request.params.class_name, values)) };
      },
    }),
  ];
}
