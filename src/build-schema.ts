import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import {
  OperationTypeNode,
  parse,
  visit,
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLSchema,
  type ObjectTypeDefinitionNode,
} from 'graphql';
import { buildSchema, createResolversMap } from 'type-graphql';
import { Scope, scopeForRootField } from './auth/scopes';
import { CallLegResolver } from './resolvers/call-leg.resolver';
import { callLegReference } from './resolvers/call-leg.reference';
import { ConferenceResolver } from './resolvers/conference.resolver';
import { conferenceReference } from './resolvers/conference.reference';
import { ParticipantResolver } from './resolvers/participant.resolver';
import { RecordingTranscriptionResolver } from './resolvers/recording-transcription.resolver';
import { LiveResolver } from './resolvers/live.resolver';
import { NodeResolver } from './resolvers/node.resolver';
import { recordingTranscriptionReference } from './resolvers/recording-transcription.reference';
import { RecordingControlResolver } from './resolvers/recording-control.resolver';
import { RecordingResolver } from './resolvers/recording.resolver';
import { recordingReference } from './resolvers/recording.reference';

/** Federation 2, importing only the directives the schema uses. */
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])';
const FEDERATION_LINK_WITH_AUTH =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", ' +
  'import: ["@key", "@authenticated", "@requiresScopes"])';

/** Types only this subgraph defines: reaching any of their fields needs the read scope. */
const READ_PROTECTED_TYPES = new Set([
  'Recording',
  'Conference',
  'Participant',
  'RecordingTranscription',
]);

export interface SchemaOptions {
  /**
   * Mark root fields and this subgraph's own types with @authenticated and @requiresScopes, so
   * routers that enforce them refuse early. The subgraph enforces the same rules itself anyway.
   */
  readonly authDirectives?: boolean;
}

function authDirectives(scope: Scope): readonly ConstDirectiveNode[] {
  const type = parse(`type T @authenticated @requiresScopes(scopes: [["${scope}"]])`)
    .definitions[0] as ObjectTypeDefinitionNode;
  return type.directives ?? [];
}

/** Adds the auth directives to the printed schema: root fields by operation, and own types. */
function withAuthDirectives(document: DocumentNode): DocumentNode {
  const operations: Readonly<Record<string, OperationTypeNode>> = {
    Query: OperationTypeNode.QUERY,
    Mutation: OperationTypeNode.MUTATION,
    Subscription: OperationTypeNode.SUBSCRIPTION,
  };
  return visit(document, {
    ObjectTypeDefinition(node) {
      const operation = operations[node.name.value];
      if (operation) {
        return {
          ...node,
          fields: node.fields?.map((field) => {
            const scope = scopeForRootField(operation, field.name.value);
            return scope
              ? { ...field, directives: [...(field.directives ?? []), ...authDirectives(scope)] }
              : field;
          }),
        };
      }
      if (!READ_PROTECTED_TYPES.has(node.name.value)) return undefined;
      return {
        ...node,
        directives: [...(node.directives ?? []), ...authDirectives(Scope.RECORDINGS_READ).slice(1)],
      };
    },
  });
}

/** type-graphql's topic-based PubSub, never used: subscriptions read the live bus themselves. */
const UNUSED_PUB_SUB = {
  publish(): void {
    throw new Error('subscriptions publish through the live bus');
  },
  subscribe(): AsyncIterable<unknown> {
    throw new Error('subscriptions listen to the live bus');
  },
};

type ResolverMap = Parameters<typeof buildSubgraphSchema>[0] extends infer T
  ? T extends { resolvers?: infer R }
    ? R
    : never
  : never;

/**
 * Builds the served schema once per process: the type-graphql classes printed with their
 * directives, then rebuilt by @apollo/subgraph, which adds `_service`, `_entities` and the
 * entity reference resolvers.
 */
export async function buildGatewaySchema(options: SchemaOptions = {}): Promise<GraphQLSchema> {
  const classSchema = await buildSchema({
    resolvers: [
      RecordingResolver,
      ConferenceResolver,
      CallLegResolver,
      ParticipantResolver,
      RecordingTranscriptionResolver,
      RecordingControlResolver,
      LiveResolver,
      NodeResolver,
    ],

    // Arguments are validated where they are read (cursors, page sizes); no class-validator.
    validate: false,
    // Federation directives are declared by @apollo/subgraph, not here.
    skipCheck: true,
    // Every subscription brings its own `subscribe` (the live bus); type-graphql still asks.
    pubSub: UNUSED_PUB_SUB,
  });
  const link = options.authDirectives ? FEDERATION_LINK_WITH_AUTH : FEDERATION_LINK;
  const printed = parse(`${link}\n\n${printSchemaWithDirectives(classSchema)}`);
  const typeDefs = options.authDirectives ? withAuthDirectives(printed) : printed;
  const classResolvers = createResolversMap(classSchema) as Record<string, object>;
  const resolvers = {
    ...classResolvers,
    Recording: { ...classResolvers['Recording'], ...recordingReference },
    Conference: { ...classResolvers['Conference'], ...conferenceReference },
    CallLeg: { ...classResolvers['CallLeg'], ...callLegReference },
    RecordingTranscription: {
      ...classResolvers['RecordingTranscription'],
      ...recordingTranscriptionReference,
    },
  } as ResolverMap;
  return buildSubgraphSchema({ typeDefs, resolvers });
}
