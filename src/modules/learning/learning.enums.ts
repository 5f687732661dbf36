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

export enum AssessmentType {
  DIAGNOSTIC = 'diagnostic',
  QUIZ = 'quiz',
  HOMEWORK = 'homework',
  MOCK_EXAM = 'mock_exam',
  EXAM = 'exam',
}

export enum AriaInteractionType {
  QUESTION = 'question',
  EXPLANATION = 'explanation',
  EXERCISE_HELP = 'exercise_help',
  FEEDBACK = 'feedback',
  RECOMMENDATION = 'recommendation',
}

registerEnumType(LearningSessionType, { name: 'LearningSessionType', description: 'What a learning session with ARIA is for.' });
registerEnumType(DifficultyLevel, { name: 'DifficultyLevel', description: 'Difficulty of the material, adapted by ARIA.' });
registerEnumType(AssessmentType, {
  name: 'AssessmentType',
  description: 'Kind of assessment, from the entry diagnostic to a baccalauréat mock exam.',
  valuesConfig: {
    DIAGNOSTIC: { description: 'Placement test taken when the student joins or starts a subject.' },
    QUIZ: { description: 'Short check on one topic.' },
    HOMEWORK: { description: 'Work set by a teacher and done at home.' },
    MOCK_EXAM: { description: 'Bac blanc: a full exam in baccalauréat conditions.' },
    EXAM: { description: 'A graded exam.' },
  },
});
registerEnumType(AriaInteractionType, { name: 'AriaInteractionType', description: 'What the student asked the ARIA tutor for.' });
