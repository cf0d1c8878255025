/**
 * Remote console bodies (nova/api/openstack/compute/schemas/remote_consoles.py, Zed): the
 * deprecated get*Console actions (2.1–2.5) and POST /servers/{id}/remote-consoles (2.6; mks 2.8).
 */
import { Type, type TSchema } from '@sinclair/typebox';

/** one deprecated action's body: {"<action>": {"type": <one of types>}} */
const legacy = (action: string, types: string[]): TSchema =>
  Type.Object(
    {
      [action]: Type.Object(
        { type: Type.Unsafe<string>({ type: 'string', enum: types }) },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  );

export const getVncConsoleSchema = legacy('os-getVNCConsole', ['novnc', 'xvpvnc']);
export const getSpiceConsoleSchema = legacy('os-getSPICEConsole', ['spice-html5']);
export const getRdpConsoleSchema = legacy('os-getRDPConsole', ['rdp-html5']);
export const getSerialConsoleSchema = legacy('os-getSerialConsole', ['serial']);

const create = (protocols: string[], types: string[]) =>
  Type.Object(
    {
      remote_console: Type.Object(
        {
          protocol: Type.Unsafe<string>({ type: 'string', enum: protocols }),
          type: Type.Unsafe<string>({ type: 'string', enum: types }),
        },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  );

export const remoteConsoleCreate = {
  '2.6': create(['vnc', 'spice', 'rdp', 'serial'], ['novnc', 'xvpvnc', 'rdp-html5', 'spice-html5', 'serial']),
  '2.8': create(
    ['vnc', 'spice', 'rdp', 'serial', 'mks'],
    ['novnc', 'xvpvnc', 'rdp-html5', 'spice-html5', 'serial', 'webmks'],
  ),
};
