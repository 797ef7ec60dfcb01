import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { CallLeg as CallLegModel } from '../domain/call-leg';
import { Node } from './node.interface';

@ObjectType({
  implements: Node,
  description:
    'One leg of a call. This graph knows a call leg by its id and its recordings; a calls service ' +
    'can extend it with the leg’s details.',
  simpleResolvers: true,
})
@Directive('@key(fields: "id")')
export class CallLeg implements CallLegModel {
  @Field(() => ID, { description: 'Uniquely identifies the call leg.' })
  id!: string;
}
