/**
 * Nova's services as os-services lists them: the control services (nova-conductor and
 * nova-scheduler, in the 'internal' zone) and one nova-compute per compute host. Before 2.53 a
 * service is named by a small integer: the control services take the first ids, each compute
 * service its host's seq after them.
 */
export const CONTROL_BINARIES = ['nova-conductor', 'nova-scheduler'] as const;
export const COMPUTE_BINARY = 'nova-compute';
/** CONF.internal_service_availability_zone */
export const INTERNAL_ZONE = 'internal';

/** the pre-2.53 id of the nova-compute service of the host with `seq` */
export const computeServiceSeq = (hostSeq: number): number => hostSeq + CONTROL_BINARIES.length;
