import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, ID, Info, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../context';
import type { CallLeg as CallLegModel } from '../domain/call-leg';
import type { Conference as ConferenceModel } from '../domain/conference';
import type { Participant as ParticipantModel } from '../domain/participant';
import { NotFoundError } from '../errors';
import { CallLeg } from '../schema/call-leg.type';
import { Conference } from '../schema/conference.type';
import { Participant } from '../schema/participant.type';
import { selectsOnly } from './selects-only-id';
import { encodeNodeId, NodeType } from './node-id';

const ON_THE_ROW: ReadonlySet<string> = new Set(['id', 'name']);

@Resolver(() => Participant)
export class ParticipantResolver {
  @FieldResolver(() => ID, {
    description: 'Opaque and stable: names the type and the provider’s id, for `Query.node`.',
  })
  nodeId(@Root() participant: ParticipantModel): string {
    return encodeNodeId({
      type: NodeType.Participant,
      id: participant.id,
      conferenceId: participant.conference.id,
    });
  }

  @FieldResolver(() => Conference, {
    description:
      'The conference; its `id` and `name` come with the participant and cost no upstream call.',
  })
  async conference(
    @Root() participant: ParticipantModel,
    @Ctx() { loaders }: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Pick<ConferenceModel, 'id' | 'name'> | ConferenceModel> {
    if (selectsOnly(info, ON_THE_ROW)) return participant.conference;
    const conference = await loaders.conferenceById.load(participant.conference.id);
    // The provider listed a participant of a conference it no longer knows.
    if (conference === null) throw new NotFoundError('Conference', participant.conference.id);
    return conference;
  }

  @FieldResolver(() => CallLeg, {
    description: 'The participant’s call leg: where other graphs (a calls service) add details.',
  })
  callLeg(@Root() participant: ParticipantModel): CallLegModel {
    return { id: participant.callLegId };
  }
}
