import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../context';
import type { CallLeg as CallLegModel } from '../domain/call-leg';
import type { Recording as RecordingModel } from '../domain/recording';
import { CallLeg } from '../schema/call-leg.type';
import { ConnectionArgs } from '../schema/connection.args';
import type { Connection } from '../schema/connection.type';
import { RecordingConnection } from '../schema/recording-connection.type';
import { resolveRecordingConnection, TOTAL_COUNT_ONLY } from './recording-connection';
import { selectsOnly } from './selects-only-id';
import { validId } from './valid-id';
import { encodeNodeId, NodeType } from './node-id';

@Resolver(() => CallLeg)
export class CallLegResolver {
  @FieldResolver(() => ID, {
    description: 'Opaque and stable: names the type and the provider’s id, for `Query.node`.',
  })
  nodeId(@Root() callLeg: CallLegModel): string {
    return encodeNodeId({ type: NodeType.CallLeg, id: callLeg.id });
  }

  @Query(() => CallLeg, {
    nullable: true,
    description:
      'A call leg by id. The provider cannot look a leg up by id, so any id gives a node; ' +
      'its `recordings` tell whether this API knows it.',
  })
  callLeg(@Arg('id', () => ID, { description: 'The call leg id.' }) id: string): CallLegModel {
    return { id: validId(id, 'id') };
  }

  @FieldResolver(() => RecordingConnection, {
    nullable: true,
    description: 'Recordings of this call leg, newest first.',
  })
  recordings(
    @Root() callLeg: CallLegModel,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() { loaders }: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<RecordingModel>> {
    return resolveRecordingConnection(
      loaders,
      { callLegId: callLeg.id },
      args,
      selectsOnly(info, TOTAL_COUNT_ONLY),
    );
  }
}
