import { registerEnumType } from 'type-graphql';

export enum RelationType {
  MOTHER = 'mother',
  FATHER = 'father',
  GUARDIAN = 'guardian',
  OTHER = 'other',
}

registerEnumType(RelationType, { name: 'RelationType', description: 'How a parent account is related to a student account.' });
