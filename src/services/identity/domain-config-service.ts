/**
 * Keystone's domain-specific configuration (keystone/resource/core.py DomainConfigManager,
 * keystone/api/domains.py DomainConfig*): per domain, options of the identity and ldap groups
 * Keystone allows (ldap.password is stored but never shown); PUT replaces the whole config,
 * PATCH merges into it (a group or option in the URL must already be set), DELETE removes all, a
 * group or an option. The default domain's security_compliance group shows the password regex
 * options. Keystone answers a group or option it does not allow with a 403.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { authorize } from '../../policy/check.js';
import { domainConfigNotFound, invalidDomainConfig } from '../../domain/identity/errors.js';
import {
  DOMAIN_CONFIG_DEFAULTS,
  READABLE_SECURITY_COMPLIANCE,
  SENSITIVE_OPTIONS,
  isSensitive,
} from '../../domain/identity/domain-config.js';
import { DEFAULT_DOMAIN_ID } from '../../store/seed.js';
import * as repo from '../../store/repositories/domain-config-repository.js';
import { IdentityAdminService } from './identity-admin-service.js';

export type DomainConfig = Record<string, Record<string, unknown>>;
export type ConfigAnswer = DomainConfig | Record<string, unknown>;

const SECURITY_COMPLIANCE = 'security_compliance';

function assertValidGroupAndOption(group?: string, option?: string): void {
  if (group === undefined) return;
  if (!(group in DOMAIN_CONFIG_DEFAULTS) && !(group in SENSITIVE_OPTIONS))
    throw invalidDomainConfig(`Group ${group} is not supported for domain specific configurations`);
  if (option !== undefined && !(option in (DOMAIN_CONFIG_DEFAULTS[group] ?? {})) && !isSensitive(group, option))
    throw invalidDomainConfig(`Option ${option} in group ${group} is not supported for domain specific configurations`);
}

function assertValidConfig(config: unknown): asserts config is DomainConfig {
  if (!config || typeof config !== 'object' || Object.keys(config).length === 0)
    throw invalidDomainConfig('No options specified');
  for (const [group, options] of Object.entries(config as Record<string, unknown>)) {
    if (!options || typeof options !== 'object' || Array.isArray(options) || Object.keys(options).length === 0)
      throw invalidDomainConfig(
        `The value of group ${group} specified in the config should be a dictionary of options`,
      );
    for (const option of Object.keys(options)) assertValidGroupAndOption(group, option);
  }
}

const what = (group?: string, option?: string) =>
  option !== undefined ? `option ${option} in group ${group}` : group !== undefined ? `group ${group}` : 'any options';

function toConfig(rows: repo.DomainConfigRow[], option?: string): ConfigAnswer {
  if (option !== undefined && rows[0]) return { [option]: JSON.parse(rows[0].value) as unknown };
  const config: DomainConfig = {};
  for (const r of rows) (config[r.group_name] ??= {})[r.option_name] = JSON.parse(r.value) as unknown;
  return config;
}

export class DomainConfigService {
  private readonly admin: IdentityAdminService;
  constructor(private readonly rt: Runtime) {
    this.admin = new IdentityAdminService(rt);
  }

  private get db() {
    return this.rt.store.db;
  }

  private rows(domainId: string, config: DomainConfig): repo.DomainConfigRow[] {
    return Object.entries(config).flatMap(([group, options]) =>
      Object.entries(options).map(([option, value]) => ({
        domain_id: domainId,
        group_name: group,
        option_name: option,
        value: JSON.stringify(value ?? null),
        sensitive: isSensitive(group, option) ? 1 : 0,
      })),
    );
  }

  /** GET: Keystone looks the config up before the domain, so a missing config answers first */
  async get(ctx: RequestContext, domainId: string, group?: string, option?: string): Promise<ConfigAnswer> {
    let answer: ConfigAnswer;
    if (group === SECURITY_COMPLIANCE) {
      authorize(ctx, 'identity:get_security_compliance_domain_config');
      answer = this.securityCompliance(domainId, option);
    } else {
      authorize(ctx, 'identity:get_domain_config');
      assertValidGroupAndOption(group, option);
      const rows = await repo.listDomainConfig(this.db, domainId, { group, option });
      if (rows.length === 0) throw domainConfigNotFound(domainId, what(group, option));
      answer = toConfig(rows, option);
    }
    await this.admin.domain(domainId);
    return answer;
  }

  private securityCompliance(domainId: string, option?: string): ConfigAnswer {
    if (domainId !== DEFAULT_DOMAIN_ID)
      throw invalidDomainConfig(
        'Reading security compliance information for any domain other than the default domain is not allowed or supported.',
      );
    if (option !== undefined && !READABLE_SECURITY_COMPLIANCE.includes(option))
      throw invalidDomainConfig(
        'Reading security compliance values other than password_regex and password_regex_description is not allowed.',
      );
    // the regex the password policy enforces (identity.passwordRegex; null when none is set)
    const { passwordRegex, passwordRegexDescription } = this.rt.config.identity;
    const values: Record<string, string | null> = {
      password_regex: passwordRegex,
      password_regex_description: passwordRegexDescription,
    };
    if (option !== undefined) return { [option]: values[option] ?? null };
    return {
      [SECURITY_COMPLIANCE]: Object.fromEntries(READABLE_SECURITY_COMPLIANCE.map((o) => [o, values[o] ?? null])),
    };
  }

  /** PUT: replaces the whole config; `created` when the domain had none (201 rather than 200) */
  async create(domainId: string, config: unknown): Promise<{ config: ConfigAnswer; created: boolean }> {
    await this.admin.domain(domainId);
    assertValidConfig(config);
    const rows = this.rows(domainId, config);
    const created = await this.db.transaction().execute(async (trx) => {
      const before = await repo.deleteDomainConfig(trx, domainId);
      await repo.insertDomainConfig(trx, rows);
      return before === 0;
    });
    return { config: toConfig(await repo.listDomainConfig(this.db, domainId)), created };
  }

  /** PATCH: merges; with a group (and option) in the URL only that may be named, and it must exist */
  async update(domainId: string, body: unknown, group?: string, option?: string): Promise<ConfigAnswer> {
    await this.admin.domain(domainId);
    const config = group !== undefined && option !== undefined ? { [group]: body } : body;
    assertValidConfig(config);
    assertValidGroupAndOption(group, option);
    if (group !== undefined) {
      const groups = Object.keys(config);
      const first = groups[0] ?? '';
      if (groups.length !== 1 || (option !== undefined && Object.keys(config[first] ?? {}).length !== 1)) {
        throw invalidDomainConfig(
          option !== undefined
            ? `Trying to update option ${option} in group ${group}, so that, and only that, option must be specified  in the config`
            : `Trying to update group ${group}, so that, and only that, group must be specified in the config`,
        );
      }
      if (!(group in config))
        throw invalidDomainConfig(
          `request to update group ${group}, but config provided contains group ${first} instead`,
        );
      const options = config[group] ?? {};
      if (option !== undefined && !(option in options))
        throw invalidDomainConfig(
          `Trying to update option ${option} in group ${group}, but config provided contains option ${Object.keys(options)[0] ?? ''} instead`,
        );
      const existing = await repo.listDomainConfig(this.db, domainId, { group, option, sensitive: true });
      if (existing.length === 0) throw domainConfigNotFound(domainId, what(group, option));
    }
    const rows = this.rows(domainId, config);
    await this.db.transaction().execute(async (trx) => {
      for (const r of rows)
        await repo.deleteDomainConfig(trx, domainId, { group: r.group_name, option: r.option_name });
      await repo.insertDomainConfig(trx, rows);
    });
    const all = await repo.listDomainConfig(this.db, domainId);
    if (all.length === 0) throw domainConfigNotFound(domainId, what());
    return toConfig(all);
  }

  async delete(domainId: string, group?: string, option?: string): Promise<void> {
    await this.admin.domain(domainId);
    assertValidGroupAndOption(group, option);
    if (group !== undefined) {
      const current = await repo.listDomainConfig(this.db, domainId, { group, sensitive: true });
      if (current.length === 0) throw domainConfigNotFound(domainId, what(group));
      if (option !== undefined) {
        const row = current.find((r) => r.option_name === option);
        // Keystone's "not current_group.get(option)": an option set to a falsy value counts as unset
        if (!row || !(JSON.parse(row.value) as unknown)) throw domainConfigNotFound(domainId, what(group, option));
      }
    }
    await repo.deleteDomainConfig(this.db, domainId, { group, option });
  }

  /** GET /v3/domains/config[/{group}[/{option}]]/default */
  defaults(group?: string, option?: string): ConfigAnswer {
    assertValidGroupAndOption(group, option);
    if (group !== undefined && option !== undefined) {
      const defaults = DOMAIN_CONFIG_DEFAULTS[group] ?? {};
      if (!(option in defaults))
        throw invalidDomainConfig(`Reading the default for option ${option} in group ${group} is not supported`);
      return { [option]: defaults[option] ?? null };
    }
    const groups = group !== undefined ? [group] : Object.keys(DOMAIN_CONFIG_DEFAULTS);
    return Object.fromEntries(groups.map((g) => [g, { ...DOMAIN_CONFIG_DEFAULTS[g] }]));
  }
}
