/**
 * /instances/{ident}/states (summary), /states/power (202, async through the same operations as
 * Nova's start/stop/reboot) and /states/lock; /instances/{ident}/networks.
 */
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import { DomainError } from '../../domain/errors.js';
import { InstanceService } from '../../services/compute/instance-service.js';
import { moganPowerState, moganStatus, moganTargetPowerState } from '../../domain/instances/mogan-status.js';
import { POWER_TARGETS, moganTransition } from '../../domain/instances/mogan-fsm.js';
import { driverCapabilities, pendingGracefulStop, pluggedPorts } from '../../services/baremetal/instance-queries.js';
import { loadInstance } from './instance-lookup.js';
import { lockBody, powerBody } from './schemas/instances.js';
import { networkInfo } from './views/instances.js';
import { parseBoolLike } from './query.js';
import { moganBase } from './instances.js';

export function instanceStateRoutes(rt: Runtime): RouteDef[] {
  const service = new InstanceService(rt);
  return [
    {
      method: 'GET', url: '/instances/:ident/states', policy: 'mogan:instance:get_states',
      handler: async (request) => {
        const i = await loadInstance(rt, request, 'get_states');
        const graceful = i.task_state === 'powering-off' && await pendingGracefulStop(rt, i.uuid);
        return {
          power_state: moganPowerState(i.power_state),
          target_power_state: moganTargetPowerState(i.task_state),
          status: moganStatus({ vmState: i.vm_state, taskState: i.task_state, powerState: i.power_state }, { gracefulStop: graceful }),
          locked: i.locked === 1,
        };
      },
    },
    {
      method: 'PUT', url: '/instances/:ident/states/power', policy: 'mogan:instance:set_power_state', body: { '1': powerBody },
      handler: async (request, reply) => {
        const i = await loadInstance(rt, request, 'set_power_state');
        const target = (request.body as { target: string }).target;
        const event = POWER_TARGETS[target];
        if (!event) {
          throw new DomainError('BAD_REQUEST', 400, `The Parameter value: ${target} for power action of instance ${i.uuid} is invalid.`);
        }
        // the seed's codes: locked → 409 (ClientError), impossible transition → 400 (InvalidState)
        if (i.locked === 1 && !request.ctx.isAdmin) throw new DomainError('INSTANCE_IS_LOCKED', 409, `Instance ${i.uuid} is locked`);
        moganTransition(i.uuid, moganStatus({ vmState: i.vm_state, taskState: i.task_state, powerState: i.power_state }), event);
        // 406 when the host's driver cannot do this kind of power change (the seed's NotAcceptable)
        const needs = event === 'soft_stop' ? 'supportsSoftPowerOff' : event === 'soft_reboot' ? 'supportsSoftReboot' : null;
        if (needs && i.host && (await driverCapabilities(rt, i.host))[needs] === false) {
          throw new DomainError('NOT_ACCEPTABLE', 406, `Request not acceptable. The driver of instance ${i.uuid} cannot perform ${target}.`);
        }
        if (event === 'start') await service.start(request.ctx, i.uuid);
        else if (event === 'stop' || event === 'soft_stop') await service.stop(request.ctx, i.uuid, { graceful: event === 'soft_stop' });
        else await service.reboot(request.ctx, i.uuid, event === 'reboot' ? 'HARD' : 'SOFT');
        return reply.code(202).header('location', `${moganBase(rt, request)}/v1/instances/${i.uuid}/states`).send();
      },
    },
    {
      method: 'PUT', url: '/instances/:ident/states/lock', policy: 'mogan:instance:set_lock_state', body: { '1': lockBody },
      handler: async (request, reply) => {
        const i = await loadInstance(rt, request, 'set_lock_state');
        const lock = parseBoolLike('target', (request.body as { target: unknown }).target);
        if (lock) await service.lock(request.ctx, i.uuid, null);
        else await service.unlock(request.ctx, i.uuid);
        return reply.code(202).send();
      },
    },
    {
      method: 'GET', url: '/instances/:ident/networks', policy: 'mogan:instance:get_networks',
      handler: async (request) => {
        const i = await loadInstance(rt, request, 'get_networks');
        const ports = await pluggedPorts(rt, [i.uuid]);
        return { ports: networkInfo(ports.get(i.uuid) ?? []) };
      },
    },
  ];
}
