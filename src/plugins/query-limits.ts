import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ValidationRule } from 'graphql';
import type { GatewayContext } from '../context';
import { queryCostPlugin, type CostLimits } from './query-cost';

export interface QueryLimits extends CostLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxDirectives: number;
}

/**
 * Protection against hostile operations. graphql-armor checks the document's shape (depth,
 * aliases, directives) at validation, each in time linear in the document; the token limit is
 * graphql-js's own parse option (a parse error, HTTP 400); our cost plugin, which knows what
 * `first` and `_entities` cost here, runs once variables are known. Armor's cost limit cannot see
 * `first`, and its token limit throws where Apollo answers 500: both stay off.
 */
export function queryLimits(limits: QueryLimits): {
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin<GatewayContext>[];
} {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    // No allow-list: an alias named `__typename` on a real field must count like any other.
    maxAliases: { n: limits.maxAliases, allowList: [] },
    maxDirectives: { n: limits.maxDirectives },
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    // Apollo's hideSchemaDetailsFromClientErrors does this, for every message form.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return {
    validationRules: armor.validationRules,
    plugins: [queryCostPlugin(limits)],
  };
}
