import { registerEnumType } from 'type-graphql';

export enum LearningStyle {
  VISUAL = 'visual',
  AUDITORY = 'auditory',
  KINESTHETIC = 'kinesthetic',
  READING_WRITING = 'reading_writing',
}

registerEnumType(LearningStyle, { name: 'LearningStyle', description: 'Preferred way of learning (VARK model).' });
