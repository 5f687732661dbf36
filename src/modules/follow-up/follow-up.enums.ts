import { registerEnumType } from 'type-graphql';

export enum CorrespondentType {
  PARENT = 'parent',
  TEACHER = 'teacher',
  ADMIN = 'admin',
}

export enum MessagePriority {
  LOW = 'low',
  NORMAL = 'normal',
  HIGH = 'high',
  URGENT = 'urgent',
}

registerEnumType(CorrespondentType, {
  name: 'CorrespondentType',
  description: 'Who sends or receives a message about a student: a parent, a teacher or the administration.',
});
registerEnumType(MessagePriority, { name: 'MessagePriority', description: 'How urgently a message should be read.' });
