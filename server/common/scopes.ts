/** Scope checks with the real service's 403 messages. */
import scopes, { type ScopeExpression } from 'taskcluster-lib-scopes';
import type { AuthResult } from './authenticator';
import { ApiError } from './errors';

function formatExpr(expr: ScopeExpression | null): string {
  return typeof expr === 'string' ? expr : JSON.stringify(expr, null, 2);
}

/** Throws 403 InsufficientScopes unless the caller's scopes satisfy `expr`. */
export function requireScopes(auth: AuthResult, expr: ScopeExpression): void {
  if (scopes.satisfiesExpression(auth.scopes, expr)) return;
  const missing = scopes.removeGivenScopes(auth.scopes, expr);
  const message =
    auth.scheme === 'none'
      ? `This request requires Taskcluster credentials that satisfy the following scope expression:\n\n\`\`\`\n${formatExpr(expr)}\n\`\`\``
      : `Client ID ${auth.clientId} does not have sufficient scopes and is missing the following scopes:\n\n\`\`\`\n${formatExpr(missing)}\n\`\`\`\n\nThis request requires the client to satisfy the following scope expression:\n\n\`\`\`\n${formatExpr(expr)}\n\`\`\``;
  throw new ApiError(403, 'InsufficientScopes', message);
}
