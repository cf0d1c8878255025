/**
 * /v3/domains/{domain_id}/config[/{group}[/{option}]] and /v3/domains/config[/{group}[/{option}]]/default
 * (keystone/api/domains.py DomainConfig*, DefaultConfig*): a domain's own configuration.
 */
import { Type } from '@sinclair/typebox';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { DomainConfigService } from '../../services/identity/domain-config-service.js';
import { rolesOnly } from './targets.js';

/** Keystone reads `config` from any JSON object and judges it itself (403 InvalidDomainConfig) */
const configBody = Type.Unsafe<{ config?: unknown }>({ type: 'object' });

export function domainConfigRoutes(rt: Runtime): RouteDef[] {
  const svc = new DomainConfigService(rt);
  const own = '/v3/domains/:id/config';
  const routes: RouteDef[] = [
    route({
      method: 'PUT',
      url: own,
      policy: 'identity:create_domain_config',
      target: rolesOnly,
      body: { '1': configBody },
      handler: async (request, reply) => {
        const { config, created } = await svc.create(request.params.id, request.body.config);
        return reply.code(created ? 201 : 200).send({ config });
      },
    }),
    // GET checks its rule itself: the security_compliance group has its own
    route({
      method: 'GET',
      url: own,
      handler: async (request) => ({ config: await svc.get(request.ctx, request.params.id) }),
    }),
    route({
      method: 'GET',
      url: `${own}/:group`,
      handler: async (request) => ({ config: await svc.get(request.ctx, request.params.id, request.params.group) }),
    }),
    route({
      method: 'GET',
      url: `${own}/:group/:option`,
      handler: async (request) => ({
        config: await svc.get(request.ctx, request.params.id, request.params.group, request.params.option),
      }),
    }),
    route({
      method: 'PATCH',
      url: own,
      policy: 'identity:update_domain_config',
      target: rolesOnly,
      body: { '1': configBody },
      handler: async (request) => ({ config: await svc.update(request.params.id, request.body.config) }),
    }),
    route({
      method: 'PATCH',
      url: `${own}/:group`,
      policy: 'identity:update_domain_config',
      target: rolesOnly,
      body: { '1': configBody },
      handler: async (request) => ({
        config: await svc.update(request.params.id, request.body.config, request.params.group),
      }),
    }),
    route({
      method: 'PATCH',
      url: `${own}/:group/:option`,
      policy: 'identity:update_domain_config',
      target: rolesOnly,
      body: { '1': configBody },
      handler: async (request) => ({
        config: await svc.update(request.params.id, request.body.config, request.params.group, request.params.option),
      }),
    }),
    route({
      method: 'DELETE',
      url: own,
      policy: 'identity:delete_domain_config',
      target: rolesOnly,
      handler: async (request, reply) => {
        await svc.delete(request.params.id);
        return reply.code(204).send();
      },
    }),
    route({
      method: 'DELETE',
      url: `${own}/:group`,
      policy: 'identity:delete_domain_config',
      target: rolesOnly,
      handler: async (request, reply) => {
        await svc.delete(request.params.id, request.params.group);
        return reply.code(204).send();
      },
    }),
    route({
      method: 'DELETE',
      url: `${own}/:group/:option`,
      policy: 'identity:delete_domain_config',
      target: rolesOnly,
      handler: async (request, reply) => {
        await svc.delete(request.params.id, request.params.group, request.params.option);
        return reply.code(204).send();
      },
    }),
    route({
      method: 'GET',
      url: '/v3/domains/config/default',
      policy: 'identity:get_domain_config_default',
      target: rolesOnly,
      handler: async () => ({ config: svc.defaults() }),
    }),
    route({
      method: 'GET',
      url: '/v3/domains/config/:group/default',
      policy: 'identity:get_domain_config_default',
      target: rolesOnly,
      handler: async (request) => ({ config: svc.defaults(request.params.group) }),
    }),
    route({
      method: 'GET',
      url: '/v3/domains/config/:group/:option/default',
      policy: 'identity:get_domain_config_default',
      target: rolesOnly,
      handler: async (request) => ({ config: svc.defaults(request.params.group, request.params.option) }),
    }),
  ];
  return routes;
}
