/** Reading and deriving clouds.yaml files, and asking the server what it serves. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { requestPasswordToken } from '../../helpers/password-login.js';

export interface CloudAuth {
  auth_url: string;
  username: string;
  password: string;
  project_name: string;
  user_domain_name: string;
  project_domain_name: string;
}
export interface CloudEntry {
  auth: CloudAuth;
  region_name: string;
  [k: string]: unknown;
}
export interface CloudsFile {
  clouds: Record<string, CloudEntry>;
}

export function readClouds(path: string): CloudsFile {
  return parse(readFileSync(path, 'utf8')) as CloudsFile;
}

/**
 * Writes a copy of the printed clouds.yaml to dir/name with `patch` applied to cloud `base`'s auth,
 * saved under `as` (default: the same name). (OSC ignores --os-project-name when --os-cloud
 * names a cloud that sets project_name, so a new user/project needs its own cloud entry.)
 */
export function deriveClouds(
  source: string,
  dir: string,
  name: string,
  base: string,
  patch: Partial<CloudAuth>,
  as = base,
): string {
  const doc = readClouds(source);
  const entry = doc.clouds[base];
  if (!entry) throw new Error(`no cloud ${base} in ${source}`);
  doc.clouds[as] = { ...entry, auth: { ...entry.auth, ...patch } };
  const path = join(dir, name);
  writeFileSync(path, stringify(doc));
  return path;
}

/** A project-scoped token straight from the API (for probes only; assertions go through clients). */
export async function apiToken(auth: CloudAuth): Promise<string> {
  const res = await requestPasswordToken(auth.auth_url, {
    user: auth.username,
    password: auth.password,
    project: auth.project_name,
    userDomain: { name: auth.user_domain_name },
    projectDomain: { name: auth.project_domain_name },
  });
  const token = res.headers.get('x-subject-token');
  if (res.status !== 201 || !token) throw new Error(`token request → ${res.status}`);
  return token;
}

/**
 * Whether the server registers an operation, from the admin-only /_stackbox/coverage list that is
 * generated from the route tables. Lets a conformance test wait for a feature that another part of
 * the project has not built yet instead of failing CI; once the route exists the test runs.
 */
export async function serves(
  url: string,
  cloudsFile: string,
  service: string,
  method: string,
  path: string,
): Promise<boolean> {
  const admin = readClouds(cloudsFile).clouds['stackbox-admin']!.auth;
  const res = await fetch(`${url}/_stackbox/coverage`, { headers: { 'x-auth-token': await apiToken(admin) } });
  if (res.status !== 200) throw new Error(`/_stackbox/coverage → ${res.status}`);
  const body = (await res.json()) as { services: Record<string, Array<{ method: string; path: string }>> };
  // parameter names differ between route tables ({id}, {serverId}); compare the shapes
  const shape = (p: string) => p.replace(/\{[^}]+\}/g, '{}');
  return (body.services[service] ?? []).some((r) => r.method === method && shape(r.path) === shape(path));
}
