/** The one policy check. Targets carry the resource's owner (project_id, user_id). */
import type { RequestContext } from '../domain/context.js';
import { policyNotAuthorized } from '../domain/errors.js';
import { allRules, type BaseRule } from './rules.js';

export interface PolicyTarget {
  project_id?: string | null;
  user_id?: string | null;
  /** the user of the X-Subject-Token a token route acts on (Keystone's target.token.user_id) */
  token_user_id?: string | null;
  /** the image member the caller is (Glance's %(member_id)s: the caller's project when it is one) */
  member_id?: string | null;
  /** the domain a Keystone domain route acts on (target.domain.id) */
  domain_id?: string | null;
}

export function checkBase(rule: BaseRule, ctx: RequestContext, target: PolicyTarget): boolean {
  const isAdmin = ctx.isAdmin;
  // a target without a project means "the caller's own project" (Nova's default target)
  const ownProject =
    target.project_id === undefined
      ? ctx.projectId !== null
      : target.project_id === ctx.projectId && ctx.projectId !== null;
  switch (rule) {
    case 'ANY':
      return true;
    case 'ADMIN':
      return isAdmin;
    case 'SERVICE_OR_ADMIN':
      return isAdmin || ctx.isService;
    case 'PROJECT_READER_OR_ADMIN':
      return isAdmin || (ownProject && (ctx.roles.includes('reader') || ctx.roles.includes('member')));
    case 'PROJECT_MEMBER_OR_ADMIN':
      return isAdmin || (ownProject && ctx.roles.includes('member'));
    case 'ADMIN_OR_OWNER':
      return isAdmin || ownProject;
    case 'USER_OR_ADMIN':
      return isAdmin || target.user_id === undefined || target.user_id === ctx.userId;
    case 'OWNER':
      return typeof target.user_id === 'string' && target.user_id === ctx.userId;
    case 'ADMIN_OR_MEMBER_AND_OWNER':
      return (
        isAdmin || (ctx.roles.includes('member') && typeof target.user_id === 'string' && target.user_id === ctx.userId)
      );
    case 'ADMIN_OR_SCOPE_DOMAIN':
      return (
        isAdmin ||
        (typeof target.domain_id === 'string' &&
          (target.domain_id === ctx.projectDomainId || target.domain_id === ctx.domainId))
      );
    // no subject token, no subject: Keystone answers a non-admin 403 before looking for the token
    case 'ADMIN_OR_TOKEN_SUBJECT':
      return isAdmin || isTokenSubject(ctx, target);
    case 'SERVICE_ADMIN_OR_TOKEN_SUBJECT':
      return isAdmin || ctx.isService || isTokenSubject(ctx, target);
    case 'ADMIN_OR_SHARED_MEMBER':
      return isAdmin || (isImageMember(ctx, target) && ctx.roles.includes('member'));
    case 'ADMIN_OR_PROJECT_READER_OR_SHARED_MEMBER':
      return (
        isAdmin ||
        ((ctx.roles.includes('reader') || ctx.roles.includes('member')) && (ownProject || isImageMember(ctx, target)))
      );
  }
}

function isImageMember(ctx: RequestContext, target: PolicyTarget): boolean {
  return typeof target.member_id === 'string' && target.member_id === ctx.projectId;
}

function isTokenSubject(ctx: RequestContext, target: PolicyTarget): boolean {
  return typeof target.token_user_id === 'string' && target.token_user_id === ctx.userId;
}

/** True when the caller passes the named rule for the target. Unknown rule names fail closed. */
export function allowed(ctx: RequestContext, ruleName: string, target: PolicyTarget = {}): boolean {
  const rule = allRules[ruleName];
  if (!rule) return false;
  return checkBase(rule, ctx, target);
}

/** Throws 403 "Policy doesn't allow <rule> to be performed." when the caller fails the rule. */
export function authorize(ctx: RequestContext, ruleName: string, target: PolicyTarget = {}): void {
  if (!allowed(ctx, ruleName, target)) throw policyNotAuthorized(ruleName);
}
