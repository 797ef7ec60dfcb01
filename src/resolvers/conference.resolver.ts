import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../context';
import type { Conference as ConferenceModel } from '../domain/conference';
import type { Participant as ParticipantModel } from '../domain/participant';
import type { Recording as RecordingModel } from '../domain/recording';
import { Conference } from '../schema/conference.type';
import { ConnectionArgs } from '../schema/connection.args';
import type { Connection } from '../schema/connection.type';
import { RecordingConnection } from '../schema/recording-connection.type';
import { ConferenceConnection } from '../schema/conference-connection.type';
import { ConferenceFilter } from '../schema/conference-filter.input';
import { ParticipantConnection } from '../schema/participant-connection.type';
import { ParticipantFilter } from '../schema/participant-filter.input';
import { conferenceFilterFromInput } from './conference-filter';
import { connectionRequest } from './connection-request';
import { resolveOffsetConnection } from './offset-connection';
import { prefetchRecordings } from './prefetch-recordings';
import { resolveRecordingConnection, TOTAL_COUNT_ONLY } from './recording-connection';
import { selectsOnly } from './selects-only-id';
import { validId } from './valid-id';
import { encodeNodeId, NodeType } from './node-id';

@Resolver(() => Conference)
export class ConferenceResolver {
  @FieldResolver(() => ID, {
    description: 'Opaque and stable: names the type and the provider’s id, for `Query.node`.',
  })
  nodeId(@Root() conference: Pick<ConferenceModel, 'id'>): string {
    return encodeNodeId({ type: NodeType.Conference, id: conference.id });
  }

  @Query(() => Conference, { nullable: true, description: 'One conference by id; null when none.' })
  conference(
    @Arg('id', () => ID, { description: 'The conference id.' }) id: string,
    @Ctx() { loaders }: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConferenceModel | null> {
    const conferenceId = validId(id, 'id');
    prefetchRecordings(info, loaders, { conferenceId });
    return loaders.conferenceById.load(conferenceId);
  }

  @Query(() => ConferenceConnection, {
    description:
      'Conferences, in the provider’s order, optionally filtered. Cursors are positions: the ' +
      'provider gives conferences no key to page by.',
  })
  conferences(
    @Arg('filter', () => ConferenceFilter, { nullable: true, description: 'Conditions to match.' })
    filter: ConferenceFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() { loaders }: GatewayContext,
  ): Promise<Connection<ConferenceModel>> {
    return resolveOffsetConnection(
      (scope, offset, limit) => loaders.conferenceWindow.load({ filter: scope, offset, limit }),
      conferenceFilterFromInput(filter),
      connectionRequest(args),
    );
  }

  @FieldResolver(() => ParticipantConnection, {
    description:
      'Who takes or took part in this conference, in the provider’s order. Cursors are positions.',
  })
  participants(
    @Root() conference: Pick<ConferenceModel, 'id'>,
    @Arg('filter', () => ParticipantFilter, {
      nullable: true,
      description: 'Conditions to match.',
    })
    filter: ParticipantFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() { loaders }: GatewayContext,
  ): Promise<Connection<ParticipantModel>> {
    return resolveOffsetConnection(
      (scope, offset, limit) => loaders.participantWindow.load({ filter: scope, offset, limit }),
      {
        conferenceId: conference.id,
        muted: filter?.muted ?? undefined,
        onHold: filter?.onHold ?? undefined,
        whispering: filter?.whispering ?? undefined,
      },
      connectionRequest(args),
    );
  }

  @FieldResolver(() => RecordingConnection, {
    nullable: true,
    description: 'Recordings of this conference, newest first.',
  })
  recordings(
    @Root() conference: Pick<ConferenceModel, 'id'>,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() { loaders }: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<RecordingModel>> {
    return resolveRecordingConnection(
      loaders,
      { conferenceId: conference.id },
      args,
      selectsOnly(info, TOTAL_COUNT_ONLY),
    );
  }
}
