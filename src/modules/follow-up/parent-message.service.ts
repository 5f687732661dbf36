import { rowsOf } from '../../db/query-result';
import type { RequestContext } from '../../graphql/context';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../graphql/errors/domain-error';
import { parseId } from '../../graphql/filters/id-argument';
import type { Row } from '../../graphql/loaders/request-loaders';
import { modelOf } from '../../graphql/models';
import { readChanged, runMutation } from '../../graphql/mutations/run-mutation';
import { MESSAGE_RECEIVED, publishEvents, type MessageReceivedPayload } from '../../graphql/subscriptions/api-events';
import { subscriberMayRead, type SubscriptionContext } from '../../graphql/subscriptions/subscription-context';
import { UserRole } from '../accounts/account.enums';
import { assertStudentExists, teaches } from './follow-up.access';
import type { MarkMessageReadInput, SendParentMessageInput } from './follow-up.inputs';
import { CorrespondentType } from './follow-up.enums';
import { ParentCommunication } from './parent-communication.entity';

// Messages about a student between a parent and a teacher of the child; sender and recipient are
// users.id, with their role in sender_type / recipient_type. Only the recipient marks one read.

function readMessage(context: RequestContext, id: number): Promise<Row> {
  return readChanged(context, modelOf(ParentCommunication), id);
}

export async function sendParentMessage(context: RequestContext, input: SendParentMessageInput): Promise<Row> {
  const studentId = parseId(input.studentId, 'input.studentId');
  const recipientUserId = parseId(input.recipientUserId, 'input.recipientUserId');
  const messageId = await runMutation(context, [modelOf(ParentCommunication)], async (manager, viewer) => {
    await assertStudentExists(manager, studentId);
    let recipientType: CorrespondentType;
    if (viewer.role === UserRole.PARENT) {
      if (!viewer.children.some((child) => child.studentId === studentId)) {
        const pending = viewer.pendingChildren.some((child) => child.studentId === studentId);
        throw new ForbiddenError(pending ? 'Your link to this child is not confirmed yet: the child (or an admin) must confirm it first' : 'This student is not linked to you');
      }
      const [recipient] = rowsOf<{ teacherId: number }>(
        await manager.query(`SELECT t.id AS "teacherId" FROM teachers t JOIN users u ON u.id = t.user_id WHERE u.id = $1 AND u.role = 'teacher'`, [recipientUserId]),
      );
      if (!recipient || !(await teaches(manager, recipient.teacherId, studentId))) {
        throw new BadUserInputError('The recipient must be a teacher of the student', ['input.recipientUserId']);
      }
      recipientType = CorrespondentType.TEACHER;
    } else if (viewer.role === UserRole.TEACHER && viewer.teacherId !== null) {
      if (!(await teaches(manager, viewer.teacherId, studentId))) throw new ForbiddenError('You do not teach this student now');
      const [recipient] = rowsOf(
        await manager.query(
          `SELECT 1 FROM parent_child_relations r JOIN users u ON u.id = r.parent_user_id JOIN students s ON s.user_id = r.child_user_id
           WHERE r.parent_user_id = $1 AND u.role = 'parent' AND s.id = $2 AND r.confirmed_at IS NOT NULL`,
          [recipientUserId, studentId],
        ),
      );
      if (!recipient) throw new BadUserInputError('The recipient must be a parent of the student (with a confirmed link)', ['input.recipientUserId']);
      recipientType = CorrespondentType.PARENT;
    } else {
      throw new ForbiddenError('Only parents and teachers exchange messages about a student');
    }
    const [message] = rowsOf<{ id: number }>(
      await manager.query(
        `INSERT INTO parent_communications (student_id, sender_type, sender_id, recipient_type, recipient_id, subject, message, is_read, priority)
         VALUES ($1, $2, $3, $4, $5, $6, $7, false, $8) RETURNING id`,
        [studentId, viewer.role, viewer.userId, recipientType, recipientUserId, input.subject.trim(), input.message, input.priority],
      ),
    );
    // Delivered on commit to the recipient's messageReceived subscriptions, on every instance.
    await publishEvents(manager, [{ topic: MESSAGE_RECEIVED, id: recipientUserId, payload: { messageId: message.id } }]);
    return message.id;
  });
  return readMessage(context, messageId);
}

/** May the subscriber (the recipient: the topic is theirs) read the message now? */
export async function acceptsMessageEvent(context: SubscriptionContext, event: MessageReceivedPayload): Promise<boolean> {
  return subscriberMayRead(context, modelOf(ParentCommunication), event.messageId);
}

/** The message, as acceptsMessageEvent read it (from the loader's cache). */
export async function messageOf(context: SubscriptionContext, event: MessageReceivedPayload): Promise<Row> {
  const message = await context.loaders.rowBy(modelOf(ParentCommunication), 'id').load(event.messageId);
  if (!message) throw new NotFoundError('ParentCommunication', event.messageId);
  return message;
}

export async function markMessageRead(context: RequestContext, input: MarkMessageReadInput): Promise<Row> {
  const messageId = parseId(input.messageId, 'input.messageId');
  await runMutation(context, [modelOf(ParentCommunication)], async (manager, viewer) => {
    const [message] = rowsOf<{ recipientType: string; recipientId: number }>(
      await manager.query(`SELECT recipient_type AS "recipientType", recipient_id AS "recipientId" FROM parent_communications WHERE id = $1 FOR UPDATE`, [
        messageId,
      ]),
    );
    if (!message) throw new NotFoundError('ParentCommunication', messageId);
    if (message.recipientType !== (viewer.role as string) || message.recipientId !== viewer.userId) {
      throw new ForbiddenError('Only the recipient marks a message read');
    }
    await manager.query(`UPDATE parent_communications SET is_read = true WHERE id = $1`, [messageId]);
  });
  return readMessage(context, messageId);
}
