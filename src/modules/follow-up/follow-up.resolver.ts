import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { CreateObjectiveInput, MarkMessageReadInput, SendParentMessageInput, SendWeeklyReportInput, UpdateObjectiveProgressInput } from './follow-up.inputs';
import * as objectives from './objective.service';
import * as messages from './parent-message.service';
import { ParentCommunication } from './parent-communication.entity';
import { StudentObjective } from './student-objective.entity';
import * as reports from './weekly-report.service';
import { WeeklyReport } from './weekly-report.entity';

@Resolver()
export class FollowUpResolver {
  @Mutation(() => StudentObjective, { description: 'Sets an objective for a student: the student themself, one of their teachers, or an admin.' })
  createObjective(@Arg('input', () => CreateObjectiveInput) input: CreateObjectiveInput, @Ctx() context: RequestContext) {
    return objectives.createObjective(context, input);
  }

  @Mutation(() => StudentObjective, {
    description: 'Records the progress towards an objective (the student, their teachers, admins); reaching 100 % marks it achieved, with the date.',
  })
  updateObjectiveProgress(@Arg('input', () => UpdateObjectiveProgressInput) input: UpdateObjectiveProgressInput, @Ctx() context: RequestContext) {
    return objectives.updateObjectiveProgress(context, input);
  }

  @Mutation(() => WeeklyReport, {
    description:
      "A teacher of the student, or an admin, builds the report of a week from its lessons, assessments and objectives, and sends it to the parents who receive reports (isSentToParents stays false when there are none). Sending a week again rebuilds its report.",
  })
  sendWeeklyReport(@Arg('input', () => SendWeeklyReportInput) input: SendWeeklyReportInput, @Ctx() context: RequestContext) {
    return reports.sendWeeklyReport(context, input);
  }

  @Mutation(() => ParentCommunication, { description: "A parent writes to a teacher of their child, or a teacher to a parent of their student." })
  sendParentMessage(@Arg('input', () => SendParentMessageInput) input: SendParentMessageInput, @Ctx() context: RequestContext) {
    return messages.sendParentMessage(context, input);
  }

  @Mutation(() => ParentCommunication, { description: 'The recipient of a message marks it read.' })
  markMessageRead(@Arg('input', () => MarkMessageReadInput) input: MarkMessageReadInput, @Ctx() context: RequestContext) {
    return messages.markMessageRead(context, input);
  }
}
