/**
 * A port's extra DHCP options (neutron_lib extra_dhcp_opt and neutron/db/extradhcpopt_db.py):
 * each option is keyed by (opt_name, ip_version); an update merges into what the port has (a null
 * opt_value removes the option, an empty or null list changes nothing); options are shown sorted
 * by name, then IP version. Pure rules; validation messages are Neutron's.
 */
import { pyRepr, pyStr } from '../../lib/python-repr.js';
import { invalidInput } from './network-errors.js';

export interface DhcpOption {
  opt_name: string;
  opt_value: string;
  ip_version: number;
}
/** a requested option: a null value asks for its removal */
export interface DhcpOptionRequest {
  opt_name: string;
  opt_value: string | null;
  ip_version: number;
}

const NAME_MAX = 64;
const VALUE_MAX = 255;
/** options whose value may be blank (VALID_BLANK_EXTRA_DHCP_OPTS) */
const BLANK_ALLOWED = ['router', 'classless-static-route'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** the characters Python's str.splitlines() breaks at */
const LINE_BREAKS = new Set(['\n', '\r', '\v', '\f', '\u001c', '\u001d', '\u001e', '\u0085', '\u2028', '\u2029']);
/** more than one line for splitlines(): a break with anything after it ("\r\n" is one break) */
const multiLine = (v: string): boolean => {
  const chars = [...v];
  return chars.some(
    (c, i) =>
      LINE_BREAKS.has(c) && i < chars.length - 1 && !(c === '\r' && chars[i + 1] === '\n' && i + 2 === chars.length),
  );
};
const oneLineNotEmpty = (v: unknown, max: number): v is string =>
  typeof v === 'string' && v.trim() !== '' && v.length <= max && !multiLine(v);

/** convert_to_int then type:values [4, 6]; undefined: not valid */
function ipVersion(v: unknown): number | undefined {
  if (v === undefined) return 4;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v) ? Number(v) : NaN;
  return n === 4 || n === 6 ? n : undefined;
}

/** one item against the two key specs of EXTRA_DHCP_OPT_KEY_SPECS */
function item(d: unknown): DhcpOptionRequest {
  const fail = () => invalidInput(`No valid key specs matched for: ${pyStr(d)}`);
  if (!isRecord(d)) throw fail();
  if (Object.keys(d).some((k) => k !== 'opt_name' && k !== 'opt_value' && k !== 'ip_version')) throw fail();
  if (!('opt_name' in d) || !('opt_value' in d)) throw fail();
  const { opt_name: name, opt_value: value } = d;
  const version = ipVersion(d.ip_version);
  if (version === undefined) throw fail();
  const blankOk = typeof name === 'string' && BLANK_ALLOWED.includes(name);
  const valueOk = blankOk
    ? value === null || (typeof value === 'string' && value.length <= VALUE_MAX)
    : value === null || oneLineNotEmpty(value, VALUE_MAX);
  if (!(blankOk || oneLineNotEmpty(name, NAME_MAX)) || !valueOk) throw fail();
  return { opt_name: name, opt_value: value as string | null, ip_version: version };
}

/** type:list_of_any_key_specs_or_none; undefined and null: nothing requested */
export function parseDhcpOptions(v: unknown): DhcpOptionRequest[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw invalidInput(`'${pyStr(v)}' is not a list`);
  const seen = new Set<string>();
  const dups: string[] = [];
  for (const d of v) {
    const key = JSON.stringify(d);
    if (seen.has(key) && !dups.includes(key)) dups.push(key);
    seen.add(key);
  }
  if (dups.length > 0)
    throw invalidInput(
      `Duplicate items in the list: '${dups.map((k) => pyRepr(JSON.parse(k) as unknown)).join(', ')}'`,
    );
  return v.map(item);
}

const order = (a: DhcpOption, b: DhcpOption) =>
  a.opt_name < b.opt_name ? -1 : a.opt_name > b.opt_name ? 1 : a.ip_version - b.ip_version;

/** the options after a request: set or replace each (name, version), drop those set to null */
export function mergeDhcpOptions(current: DhcpOption[], requested: DhcpOptionRequest[]): DhcpOption[] {
  const byKey = new Map(current.map((o) => [`${o.ip_version} ${o.opt_name}`, o]));
  for (const r of requested) {
    const key = `${r.ip_version} ${r.opt_name}`;
    if (r.opt_value === null) byKey.delete(key);
    else byKey.set(key, { opt_name: r.opt_name, opt_value: r.opt_value, ip_version: r.ip_version });
  }
  return [...byKey.values()].sort(order);
}
