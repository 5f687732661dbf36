import { registerEnumType } from 'type-graphql';

export enum LearningSessionType {
  LESSON = 'lesson',
  EXERCISE = 'exercise',
  REVISION = 'revision',
  EXAM_PREPARATION = 'exam_preparation',
}

export enum DifficultyLevel {
  BEGINNER = 'beginner',
  INTERMEDIATE = 'intermediate',
  ADVANCED = 'advanced',
}

registerEnumType(LearningSessionType, { name: 'LearningSessionType', description: 'What a learning session with ARIA is for.' });
registerEnumType(DifficultyLevel, { name: 'DifficultyLevel', description: 'Difficulty of the material, adapted by ARIA.' });
