import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../context';
import type { Conference as ConferenceModel } from '../domain/conference';
import type { Recording as RecordingModel } from '../domain/recording';
import { Conference } from '../schema/conference.type';
import { ConnectionArgs } from '../schema/connection.args';
import type { Connection } from '../schema/connection.type';
import { RecordingConnection } from '../schema/recording-connection.type';
import { prefetchRecordings } from './prefetch-recordings';
import { resolveRecordingConnection } from './recording-connection';
import { validId } from './valid-id';

@Resolver(() => Conference)
export class ConferenceResolver {
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

  @FieldResolver(() => RecordingConnection, {
    nullable: true,
    description: 'Recordings of this conference, newest first.',
  })
  recordings(
    @Root() conference: Pick<ConferenceModel, 'id'>,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() { loaders }: GatewayContext,
  ): Promise<Connection<RecordingModel>> {
    return resolveRecordingConnection(loaders, { conferenceId: conference.id }, args);
  }
}
