import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { Group } from './group.entity';
import { CreateGroupInput, UpdateGroupInput } from './group.inputs';
import * as groups from './group.service';

@Resolver()
export class GroupResolver {
  @Mutation(() => Group, { description: 'Opens a group (admin with can_manage_content).' })
  createGroup(@Arg('input', () => CreateGroupInput) input: CreateGroupInput, @Ctx() context: RequestContext) {
    return groups.createGroup(context, input);
  }

  @Mutation(() => Group, { description: 'Changes a group; places never drop below the students enrolled (admin with can_manage_content).' })
  updateGroup(@Arg('input', () => UpdateGroupInput) input: UpdateGroupInput, @Ctx() context: RequestContext) {
    return groups.updateGroup(context, input);
  }
}
