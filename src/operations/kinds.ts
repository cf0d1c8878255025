/** The work an API request leaves for a compute agent, one row in `operations` each. */
export type Operation =
  | { kind: 'build'; payload: { actionId: string } }
  | { kind: 'delete'; payload: { actionId: string } }
  | { kind: 'start'; payload: { actionId: string } }
  | { kind: 'stop'; payload: { actionId: string; graceful: boolean } }
  | { kind: 'reboot'; payload: { actionId: string; type: 'SOFT' | 'HARD' } }
  | { kind: 'rebuild'; payload: { actionId: string; wasStopped: boolean } }
  | { kind: 'attach_interface'; payload: AttachInterfacePayload }
  | { kind: 'detach_interface'; payload: { actionId: string; portId: string } };

/**
 * What an interface attach asks for, and who asked: Nova's compute talks to Neutron with the
 * caller's token, so port/network visibility and the external-network rule are the caller's.
 */
export interface AttachInterfacePayload {
  actionId: string; netId?: string; portId?: string; fixedIp?: string; tag?: string;
  callerProjectId: string | null; callerIsAdmin: boolean;
}

export type OperationKind = Operation['kind'];
