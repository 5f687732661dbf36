import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { MarkAttendanceInput, PlanGroupSessionInput } from './group-session.inputs';
import * as groupSessions from './group-session.service';
import { GroupSession } from './group-session.entity';
import { SessionAttendance } from './session-attendance.entity';

@Resolver()
export class GroupSessionResolver {
  @Mutation(() => GroupSession, { description: "The group's teacher, or an admin, plans a session of the group in the future." })
  planGroupSession(@Arg('input', () => PlanGroupSessionInput) input: PlanGroupSessionInput, @Ctx() context: RequestContext) {
    return groupSessions.planGroupSession(context, input);
  }

  @Mutation(() => [SessionAttendance], {
    description: "The group's teacher records who attended a session that has started; marking a student again updates their record. Returns the records, in the order of the list.",
  })
  markAttendance(@Arg('input', () => MarkAttendanceInput) input: MarkAttendanceInput, @Ctx() context: RequestContext) {
    return groupSessions.markAttendance(context, input);
  }
}
