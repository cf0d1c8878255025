/** The work an API request leaves for a compute agent, one row in `operations` each. */
export type Operation =
  | { kind: 'build'; payload: { actionId: string } }
  | { kind: 'delete'; payload: { actionId: string } }
  | { kind: 'start'; payload: { actionId: string } }
  | { kind: 'stop'; payload: { actionId: string; graceful: boolean } }
  | { kind: 'reboot'; payload: { actionId: string; type: 'SOFT' | 'HARD' } };

export type OperationKind = Operation['kind'];
