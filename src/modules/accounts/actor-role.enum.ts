import { registerEnumType } from 'type-graphql';

// Same values as UserRole, but a separate type: it records who acted (who created a booking or
// set an objective), which stays true even if that account later changes role or disappears.
export enum ActorRole {
  STUDENT = 'student',
  PARENT = 'parent',
  TEACHER = 'teacher',
  ADMIN = 'admin',
}

registerEnumType(ActorRole, {
  name: 'ActorRole',
  description: 'The kind of person who created a record (a booking, an objective).',
});
