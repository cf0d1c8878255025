/** Who is calling: the validated token, as every layer below HTTP sees it. */
export interface RequestContext {
  requestId: string;
  userId: string;
  userName: string;
  userDomainId: string;
  /** null for unscoped and domain-scoped tokens */
  projectId: string | null;
  projectName: string | null;
  projectDomainId: string | null;
  /** the domain of a domain-scoped token (Keystone's token.domain.id) */
  domainId?: string | null;
  /** a system-scoped token (Keystone's token.system {all: true}) */
  system?: boolean;
  /** the application credential a token was issued for, and whether it may make more of them */
  appCred?: {
    id: string;
    unrestricted: boolean;
    /** the credential's access rules: the only requests its tokens may make (null: no limit) */
    accessRules?: Array<{ service: string; path: string; method: string }> | null;
  } | null;
  roles: string[];
  /** holds the admin role (Nova's context.is_admin) */
  isAdmin: boolean;
  /** holds the service role (Nova's service_or_admin rules) */
  isService: boolean;
  tokenId: string;
  issuedAt: Date;
  expiresAt: Date;
  methods: string[];
  /** the raw token, for Keystone's GET /v3/auth/tokens and rescoping */
  authToken: string;
}

export function contextHasRole(ctx: RequestContext, role: string): boolean {
  return ctx.roles.includes(role);
}
