import { actingUser } from '../../auth/identity.js';
import { primaryKey } from '../../limits/rate-limiter.js';
import { nodeId } from '../../json/users.js';
import { isoSeconds } from '../../state.js';
import { plainFields, stringArg, type RepoNode, type TypeResolvers, type UserNode } from '../nodes.js';
import { findRepository } from '../repository-access.js';

interface RateLimitNode {
  limit: number;
  cost: number;
  remaining: number;
  used: number;
  resetAt: string;
}

export const queryResolvers: TypeResolvers<unknown> = {
  repository: (_root, args, scope): RepoNode => ({
    repo: findRepository(scope, stringArg(args, 'owner') ?? '', stringArg(args, 'name') ?? ''),
  }),
  // [I] An installation token's viewer is its App's bot (`<slug>[bot]`), the account its commits and PRs show.
  viewer: (_root, _args, scope): UserNode => {
    const user = actingUser(scope.ctx.state, scope.actor);
    if (!user) throw new Error('GraphQL caller without a user');
    return { user };
  },
  // The budget after this query was charged (1 point, GitHub's minimum; see the API pipeline).
  rateLimit: (_root, _args, scope): RateLimitNode => {
    const info = scope.ctx.limiter.info(primaryKey(scope.actor.rateKey, 'graphql'));
    return {
      limit: info.limit,
      cost: 1,
      remaining: info.remaining,
      used: info.used,
      resetAt: isoSeconds(info.reset * 1000),
    };
  },
};

export const rateLimitResolvers = plainFields<RateLimitNode>('limit', 'cost', 'remaining', 'used', 'resetAt');

export const userResolvers: TypeResolvers<UserNode> = {
  id: ({ user }) => nodeId(user.type === 'Bot' ? 'Bot' : 'User', user.id),
  databaseId: ({ user }) => user.id,
  login: ({ user }) => user.login,
  name: ({ user }) => user.name,
  url: ({ user }, _a, scope) => `${scope.ctx.htmlUrl}/${encodeURIComponent(user.login)}`,
};
