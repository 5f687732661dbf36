import { registerEnumType } from 'type-graphql';

export enum UserRole {
  STUDENT = 'student',
  PARENT = 'parent',
  TEACHER = 'teacher',
  ADMIN = 'admin',
}

export enum UserStatus {
  PENDING = 'pending',
  ACTIVE = 'active',
  SUSPENDED = 'suspended',
  DEACTIVATED = 'deactivated',
}

export enum Language {
  FR = 'fr',
  AR = 'ar',
  EN = 'en',
}

registerEnumType(UserRole, { name: 'UserRole', description: 'What an account is for; decides what it may see and do.' });
registerEnumType(UserStatus, {
  name: 'UserStatus',
  description:
    'Life cycle of an account. ACTIVE accounts sign in; a self-registered teacher is PENDING (signs in, not listed, cannot publish) until an admin approves them.',
});
registerEnumType(Language, { name: 'Language', description: 'Language of the interface and of e-mails.' });
