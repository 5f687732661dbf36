import { registerEnumType } from 'type-graphql';

/** Three-step scale used by teachers to describe a student's motivation, participation or understanding. */
export enum EngagementLevel {
  LOW = 'low',
  MEDIUM = 'medium',
  HIGH = 'high',
}

registerEnumType(EngagementLevel, {
  name: 'EngagementLevel',
  description: "A teacher's three-step judgement of a student's motivation, participation or comprehension.",
});
