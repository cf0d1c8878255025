/**
 * /instances/{ident}/states (summary), /states/power (202, async through the same operations as
 * Nova's start/stop/reboot) and /states/lock; /instances/{ident}/networks.
 */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { instanceLocked } from '../../domain/errors.js';
import { InstanceService } from '../../services/compute/instance-service.js';
import { moganPowerState, moganStatus, moganTargetPowerState } from '../../domain/instances/mogan-status.js';
import { POWER_TARGETS, moganTransition } from '../../domain/instances/mogan-fsm.js';
import { driverCapabilities, pendingGracefulStop, pluggedPorts } from '../../services/baremetal/instance-queries.js';
import { instanceTarget, loadInstance } from './instance-lookup.js';
import { invalidPowerTarget, powerNotAcceptable } from './errors.js';
import { lockBody, powerBody } from './schemas/instances.js';
import { networkInfo } from './views/instances.js';
import { parseBoolLike } from './query.js';
import { moganBase } from './instances.js';

export function instanceStateRoutes(rt: Runtime): RouteDef[] {
  const service = new InstanceService(rt);
  const target = instanceTarget(rt);
  return [
    route({
      method: 'GET',
      url: '/instances/:ident/states',
      policy: 'mogan:instance:get_states',
      target,
      handler: async (request) => {
        const i = await loadInstance(rt, request);
        const graceful = i.task_state === 'powering-off' && (await pendingGracefulStop(rt, i.uuid));
        return {
          power_state: moganPowerState(i.power_state),
          target_power_state: moganTargetPowerState(i.task_state),
          status: moganStatus(
            { vmState: i.vm_state, taskState: i.task_state, powerState: i.power_state },
            { gracefulStop: graceful },
          ),
          locked: i.locked === 1,
        };
      },
    }),
    route({
      method: 'PUT',
      url: '/instances/:ident/states/power',
      policy: 'mogan:instance:set_power_state',
      target,
      body: { '1': powerBody },
      handler: async (request, reply) => {
        const i = await loadInstance(rt, request);
        const wanted = request.body.target;
        const event = POWER_TARGETS[wanted];
        if (!event) throw invalidPowerTarget(wanted, i.uuid);
        // the seed's codes: locked → 409 (ClientError), impossible transition → 400 (InvalidState)
        if (i.locked === 1 && !request.ctx.isAdmin) throw instanceLocked(i.uuid);
        moganTransition(
          i.uuid,
          moganStatus({ vmState: i.vm_state, taskState: i.task_state, powerState: i.power_state }),
          event,
        );
        const needs =
          event === 'soft_stop' ? 'supportsSoftPowerOff' : event === 'soft_reboot' ? 'supportsSoftReboot' : null;
        if (needs && i.host && (await driverCapabilities(rt, i.host))[needs] === false) {
          throw powerNotAcceptable(i.uuid, wanted);
        }
        // Nova's paused / suspended read as Mogan's 'stopped' (mogan-status.ts): 'on' unpauses / resumes
        if (event === 'start' && i.vm_state === 'paused') await service.unpause(request.ctx, i.uuid);
        else if (event === 'start' && i.vm_state === 'suspended') await service.resume(request.ctx, i.uuid);
        else if (event === 'start' && (i.vm_state === 'shelved' || i.vm_state === 'shelved_offloaded'))
          await service.unshelve(request.ctx, i.uuid, { mayTargetHost: () => undefined });
        else if (event === 'start') await service.start(request.ctx, i.uuid);
        else if (event === 'stop' || event === 'soft_stop')
          await service.stop(request.ctx, i.uuid, { graceful: event === 'soft_stop' });
        else await service.reboot(request.ctx, i.uuid, event === 'reboot' ? 'HARD' : 'SOFT');
        return reply
          .code(202)
          .header('location', `${moganBase(rt, request)}/v1/instances/${i.uuid}/states`)
          .send();
      },
    }),
    route({
      method: 'PUT',
      url: '/instances/:ident/states/lock',
      policy: 'mogan:instance:set_lock_state',
      target,
      body: { '1': lockBody },
      handler: async (request, reply) => {
        const i = await loadInstance(rt, request);
        const lock = parseBoolLike('target', request.body.target);
        if (lock) await service.lock(request.ctx, i.uuid, null);
        else await service.unlock(request.ctx, i.uuid);
        return reply.code(202).send();
      },
    }),
    route({
      method: 'GET',
      url: '/instances/:ident/networks',
      policy: 'mogan:instance:get_networks',
      target,
      handler: async (request) => {
        const i = await loadInstance(rt, request);
        const ports = await pluggedPorts(rt, [i.uuid]);
        return { ports: networkInfo(ports.get(i.uuid) ?? []) };
      },
    }),
  ];
}
