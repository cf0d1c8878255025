/** The clouds.yaml and OS_* exports `serve` prints, so a client can be pointed at us at once. */
import { stringify } from 'yaml';
import type { Config } from '../config/config.js';

export function cloudsYaml(config: Config, base: string): string {
  const cloud = (user: string, password: string, project: string) => ({
    auth: {
      auth_url: `${base}/identity`,
      username: user,
      password,
      project_name: project,
      user_domain_name: 'Default',
      project_domain_name: 'Default',
    },
    region_name: config.region,
    identity_api_version: 3,
    interface: 'public',
  });
  return stringify({
    clouds: {
      stackbox: cloud('demo', config.demoPassword, 'demo'),
      'stackbox-admin': cloud('admin', config.adminPassword, 'admin'),
    },
  });
}

export function osExports(config: Config, base: string): string {
  return [
    `export OS_AUTH_URL=${base}/identity`,
    'export OS_USERNAME=demo',
    `export OS_PASSWORD=${config.demoPassword}`,
    'export OS_PROJECT_NAME=demo',
    'export OS_USER_DOMAIN_NAME=Default',
    'export OS_PROJECT_DOMAIN_NAME=Default',
    'export OS_IDENTITY_API_VERSION=3',
    `export OS_REGION_NAME=${config.region}`,
  ].join('\n');
}

/**
 * A clouds.yaml entry that logs in with an application credential (what CI jobs use: no password,
 * the credential's project and roles), from `openstack application credential create <name>`'s id
 * and secret; with no credential given, placeholders for the printed example.
 */
export function applicationCredentialCloud(
  config: Config,
  base: string,
  cred: { id: string; secret: string } = { id: '<id>', secret: '<secret>' },
): Record<string, unknown> {
  return {
    auth_type: 'v3applicationcredential',
    auth: {
      auth_url: `${base}/identity`,
      application_credential_id: cred.id,
      application_credential_secret: cred.secret,
    },
    region_name: config.region,
    identity_api_version: 3,
    interface: 'public',
  };
}

/** The example printed by `serve`: the entry above as commented YAML, ready to fill in. */
export function applicationCredentialExample(config: Config, base: string): string {
  const yaml = stringify({ clouds: { 'stackbox-ci': applicationCredentialCloud(config, base) } });
  return yaml
    .trimEnd()
    .split('\n')
    .map((l) => `#   ${l}`)
    .join('\n');
}
