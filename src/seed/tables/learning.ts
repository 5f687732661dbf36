import { ActorRole } from '../../modules/accounts/actor-role.enum';
import { CorrespondentType, MessagePriority } from '../../modules/follow-up/follow-up.enums';
import { AriaInteractionType, AssessmentType, DifficultyLevel, LearningSessionType } from '../../modules/learning/learning.enums';
import { DAY, HOUR, MINUTE, REFERENCE, addDays, frenchDate, iso, tunisDate } from '../calendar';
import { ARIA_INSIGHTS, ARIA_QUESTIONS, LEVEL_LABELS, PARENT_FEEDBACK, TOPICS, type Subject } from '../content';
import {
  ARIA_INTERACTIONS_PER_STUDENT,
  ASSESSMENTS_PER_STUDENT,
  LEARNING_SESSIONS_PER_STUDENT,
  OBJECTIVES_PER_STUDENT,
  PARENT_COMMUNICATIONS_PER_STUDENT,
  WEEKLY_REPORTS_PER_STUDENT,
  type SeedPlan,
} from '../plan';
import { Rng, mix, saltOf } from '../prng';
import { json, type TableSpec } from '../table';

// A student's own learning record: ARIA learning sessions, assessments, ARIA interactions,
// weekly reports, messages between parents and the teaching team, and objectives.

const SALT = {
  learning: saltOf('learning_sessions'),
  assessment: saltOf('assessments'),
  aria: saltOf('aria_interactions'),
  weekly: saltOf('weekly_reports'),
  communication: saltOf('parent_communications'),
  objective: saltOf('student_objectives'),
};

/** An evening in Tunis, days before REFERENCE: when students work with ARIA. */
function eveningBefore(rng: Rng, days: number): number {
  return REFERENCE - days * DAY + rng.int(16, 21) * HOUR + rng.int(0, 59) * MINUTE - HOUR;
}

function teacherTitle(plan: SeedPlan, t: number): string {
  const info = plan.teacherInfo[t];
  return `${info.female ? 'Mme' : 'M.'} ${info.lastName}`;
}

export function learningSessionsTable(plan: SeedPlan): TableSpec {
  const types = Object.values(LearningSessionType);
  const difficulties = Object.values(DifficultyLevel);
  return {
    table: 'learning_sessions',
    columns: [
      'id', 'student_id', 'subject', 'topic', 'session_type', 'duration_minutes', 'aria_recommendations', 'interaction_data',
      'performance_metrics', 'completion_rate', 'accuracy_rate', 'difficulty_level', 'started_at', 'completed_at', 'created_at',
    ],
    count: plan.students * LEARNING_SESSIONS_PER_STUDENT,
    *rows() {
      const rng = new Rng();
      for (let s = 0; s < plan.students; s += 1) {
        const student = plan.studentInfo[s];
        for (let j = 0; j < LEARNING_SESSIONS_PER_STUDENT; j += 1) {
          rng.reseed(mix(SALT.learning, s, j));
          const subject = rng.pick(student.subjects);
          const topic = rng.pick(TOPICS[subject]);
          const startedAt = eveningBefore(rng, 60 - 11 * j + rng.int(0, 5));
          const finished = rng.chance(0.85);
          const duration = rng.step(15, 90, 5);
          const attempted = rng.int(4, 20);
          const correct = rng.int(Math.floor(attempted / 3), attempted);
          const accuracy = Math.round((correct / attempted) * 100) / 100;
          const completion = finished ? 1 : rng.real(0.2, 0.9, 2);
          const nextTopic = rng.pick(TOPICS[subject].filter((other) => other !== topic));
          yield [
            s * LEARNING_SESSIONS_PER_STUDENT + j + 1,
            s + 1,
            subject,
            topic,
            rng.pick(types),
            duration,
            json([
              accuracy < 0.6 ? `Reprendre la fiche de cours « ${topic} » avant de refaire des exercices.` : `Passer aux exercices de niveau supérieur sur « ${topic} ».`,
              `Prochaine notion conseillée : ${nextTopic}.`,
            ]),
            json({ messages: rng.int(4, 40), hints_used: rng.int(0, 6), exercises_attempted: attempted, exercises_correct: correct, device: rng.pick(['web', 'android', 'ios']) }),
            json({ score_out_of_20: Math.round(accuracy * 200) / 10, average_response_time_s: rng.int(20, 240), best_streak: rng.int(1, correct) }),
            completion,
            accuracy,
            rng.pick(difficulties),
            iso(startedAt),
            finished ? iso(startedAt + duration * MINUTE) : null,
            iso(startedAt),
          ];
        }
      }
    },
  };
}

export function assessmentsTable(plan: SeedPlan): TableSpec {
  const types = [AssessmentType.DIAGNOSTIC, AssessmentType.QUIZ, AssessmentType.HOMEWORK, AssessmentType.MOCK_EXAM, AssessmentType.EXAM];
  const titles: Record<AssessmentType, string> = {
    [AssessmentType.DIAGNOSTIC]: 'Diagnostic de rentrée',
    [AssessmentType.QUIZ]: 'Quiz',
    [AssessmentType.HOMEWORK]: 'Devoir maison',
    [AssessmentType.MOCK_EXAM]: 'Bac blanc',
    [AssessmentType.EXAM]: 'Devoir surveillé',
  };
  return {
    table: 'assessments',
    columns: [
      'id', 'student_id', 'title', 'subject', 'assessment_type', 'questions_data', 'answers_data', 'score', 'detailed_results',
      'aria_feedback', 'next_steps', 'created_at', 'completed_at', 'is_completed',
    ],
    count: plan.students * ASSESSMENTS_PER_STUDENT,
    *rows() {
      const rng = new Rng();
      for (let s = 0; s < plan.students; s += 1) {
        const student = plan.studentInfo[s];
        for (let j = 0; j < ASSESSMENTS_PER_STUDENT; j += 1) {
          rng.reseed(mix(SALT.assessment, s, j));
          const type = j === 0 ? AssessmentType.DIAGNOSTIC : types[1 + ((s + j) % 4)];
          const subject: Subject = rng.pick(student.subjects);
          const topic = rng.pick(TOPICS[subject]);
          const count = rng.int(3, 6);
          const questions = Array.from({ length: count }, (_, q) => {
            const qcm = rng.chance(0.6);
            return {
              id: q + 1,
              kind: qcm ? 'qcm' : 'open',
              statement: qcm ? `${topic} — question ${q + 1} : quelle est la bonne réponse ?` : `${topic} — question ${q + 1} : justifiez votre démarche.`,
              ...(qcm ? { choices: ['A', 'B', 'C', 'D'], expected: rng.pick(['A', 'B', 'C', 'D']) } : {}),
              points: qcm ? 2 : rng.pick([3, 4, 5]),
            };
          });
          // The last assessment of one student in three is still to do (created, not completed).
          const completed = !(j === ASSESSMENTS_PER_STUDENT - 1 && s % 3 === 0);
          const createdAt = eveningBefore(rng, 70 - 15 * j);
          const max = questions.reduce((sum, q) => sum + q.points, 0);
          let earned = 0;
          const results: Record<string, { correct: boolean; points: number; max: number }> = {};
          const answers: Record<string, string> = {};
          for (const q of questions) {
            const correct = rng.chance(0.65);
            const points = correct ? q.points : q.kind === 'open' ? rng.int(0, q.points - 1) : 0;
            earned += points;
            results[String(q.id)] = { correct, points, max: q.points };
            answers[String(q.id)] = q.kind === 'qcm' ? (correct ? String(q.expected) : 'A') : 'Réponse rédigée (voir copie numérisée).';
          }
          const score = Math.round((earned / max) * 1000) / 10;
          yield [
            s * ASSESSMENTS_PER_STUDENT + j + 1,
            s + 1,
            `${type === AssessmentType.MOCK_EXAM && student.level === 'seconde' ? 'Examen blanc' : titles[type]} — ${subject} (${LEVEL_LABELS[student.level]})`,
            subject,
            type,
            json(questions),
            completed ? json(answers) : null,
            completed ? score : null,
            completed ? json({ questions: results, points: earned, max_points: max, grade_out_of_20: Math.round((earned / max) * 200) / 10 }) : null,
            completed
              ? score >= 70
                ? `Très bon travail sur « ${topic} » : les méthodes sont maîtrisées.`
                : score >= 45
                  ? `Des bases solides sur « ${topic} », mais des erreurs de rédaction coûtent des points.`
                  : `« ${topic} » n’est pas encore acquis : reprenons les notions une par une.`
              : null,
            completed ? (score >= 70 ? 'Passer aux sujets de type bac.' : `Refaire les exercices guidés d’ARIA sur « ${topic} », puis un quiz de contrôle.`) : null,
            iso(createdAt),
            completed ? iso(createdAt + rng.int(30, 120) * MINUTE + rng.int(0, 3) * DAY) : null,
            completed,
          ];
        }
      }
    },
  };
}

export function ariaInteractionsTable(plan: SeedPlan): TableSpec {
  const types = Object.values(AriaInteractionType);
  return {
    table: 'aria_interactions',
    columns: [
      'id', 'student_id', 'interaction_type', 'user_input', 'aria_response', 'context_data', 'confidence_score',
      'processing_time_ms', 'feedback_rating', 'created_at',
    ],
    count: plan.students * ARIA_INTERACTIONS_PER_STUDENT,
    *rows() {
      const rng = new Rng();
      for (let s = 0; s < plan.students; s += 1) {
        const student = plan.studentInfo[s];
        for (let j = 0; j < ARIA_INTERACTIONS_PER_STUDENT; j += 1) {
          rng.reseed(mix(SALT.aria, s, j));
          const type = types[(s + j) % types.length];
          const subject = rng.pick(student.subjects);
          const topic = rng.pick(TOPICS[subject]);
          let input: string | null;
          let response: string;
          switch (type) {
            case AriaInteractionType.QUESTION: {
              [input, response] = rng.pick(ARIA_QUESTIONS[subject]);
              break;
            }
            case AriaInteractionType.EXPLANATION:
              input = `Tu peux m’expliquer « ${topic} » plus simplement ?`;
              response = `Bien sûr. « ${topic} » tient en une idée : ${rng.pick(['on part de ce que l’on sait pour construire pas à pas le résultat', 'on applique toujours la même méthode en trois étapes', 'il faut d’abord bien identifier les données avant de choisir l’outil'])}. Je te propose un exemple guidé, puis un exercice à faire seul(e).`;
              break;
            case AriaInteractionType.EXERCISE_HELP:
              input = `Je bloque sur la question ${rng.int(2, 5)} de l’exercice sur « ${topic} ».`;
              response = `Relis l’énoncé : que cherche-t-on exactement ? Note les données, puis essaie la propriété vue en cours sur « ${topic} ». Indice : ${rng.pick(['commence par un schéma', 'regarde ce que tu as montré à la question précédente', 'écris la définition, la réponse en découle'])}.`;
              break;
            case AriaInteractionType.FEEDBACK: {
              const done = rng.int(5, 12);
              const right = rng.int(Math.ceil(done / 2), done);
              input = `J’ai terminé la série d’exercices sur « ${topic} ».`;
              response = `Bravo, ${right} bonnes réponses sur ${done}. ${right === done ? 'Sans faute : tu peux passer au niveau supérieur.' : 'Tes erreurs portent surtout sur la rédaction : pense à justifier chaque étape.'}`;
              break;
            }
            default:
              input = null;
              response = `D’après tes derniers résultats en ${subject}, je te conseille de revoir « ${topic} » avant ton prochain devoir. Une session de 20 minutes suffit : fiche de cours, puis cinq exercices.`;
          }
          yield [
            s * ARIA_INTERACTIONS_PER_STUDENT + j + 1,
            s + 1,
            type,
            input,
            response,
            json({ subject, topic, level: student.level, channel: rng.pick(['web', 'mobile']), language: 'fr', model: 'aria-tutor-2' }),
            rng.real(0.62, 0.99, 2),
            rng.int(280, 4200),
            rng.chance(0.55) ? rng.weighted([[5, 5], [4, 4], [3, 2], [2, 1], [1, 0.5]]) : null,
            iso(eveningBefore(rng, 45 - 5 * j)),
          ];
        }
      }
    },
  };
}

export function weeklyReportsTable(plan: SeedPlan): TableSpec {
  const firstMonday = '2026-08-03'; // the four weeks before the start of the school year
  return {
    table: 'weekly_reports',
    columns: [
      'id', 'student_id', 'week_start_date', 'week_end_date', 'subjects_progress', 'aria_insights', 'teacher_comments',
      'next_week_objectives', 'parent_feedback', 'is_sent_to_parents', 'created_at',
    ],
    count: plan.students * WEEKLY_REPORTS_PER_STUDENT,
    *rows() {
      const rng = new Rng();
      for (let s = 0; s < plan.students; s += 1) {
        const student = plan.studentInfo[s];
        const teachers = [plan.individualTeacher(s, 0), plan.individualTeacher(s, 1)];
        for (let j = 0; j < WEEKLY_REPORTS_PER_STUDENT; j += 1) {
          rng.reseed(mix(SALT.weekly, s, j));
          const start = addDays(firstMonday, 7 * j);
          const end = addDays(start, 6);
          const progress: Record<string, object> = {};
          for (const subject of student.subjects) {
            progress[subject] = { average_out_of_20: rng.real(8, 18, 1), progress_points: rng.int(-3, 12), sessions: rng.int(0, 4), aria_minutes: rng.step(0, 180, 15) };
          }
          const sent = j < WEEKLY_REPORTS_PER_STUDENT - 1 || rng.chance(0.5);
          yield [
            s * WEEKLY_REPORTS_PER_STUDENT + j + 1,
            s + 1,
            start,
            end,
            json(progress),
            rng.pick(ARIA_INSIGHTS),
            json(
              teachers.map((t) => ({
                teacher: teacherTitle(plan, t),
                subject: plan.teacherInfo[t].subjects[0],
                comment: rng.pick(['Travail régulier, continuez ainsi.', 'Des progrès visibles cette semaine.', 'Doit s’entraîner davantage entre les séances.', 'Bonne participation, méthode à consolider.']),
              })),
            ),
            json(student.subjects.slice(0, 2).map((subject) => `${subject} : ${rng.pick(TOPICS[subject])}`)),
            sent && rng.chance(0.3) ? rng.pick(PARENT_FEEDBACK) : null,
            sent,
            iso(Date.parse(`${end}T17:00:00Z`) + rng.int(0, 120) * MINUTE),
          ];
        }
      }
    },
  };
}

/** A parent's message to a teacher: [subject, message]. */
function parentQuestion(kind: number, child: string, teacher: string, parent: string): [string, string] {
  const questions: Array<[string, string]> = [
    ['Question sur les devoirs', `${child} n’a pas bien compris l’exercice à faire pour la prochaine séance. Pourriez-vous préciser la consigne ?`],
    ['Absence à la prochaine séance', `${child} sera absent(e) à la prochaine séance pour raison médicale. Est-il possible de la rattraper ?`],
    ['Préparation des devoirs surveillés', `Que conseillez-vous à ${child} pour préparer les premiers devoirs surveillés de l’année ?`],
  ];
  const [subject, question] = questions[kind];
  return [subject, `Bonjour ${teacher},\n\n${question}\n\nMerci d’avance,\n${parent}`];
}

export function parentCommunicationsTable(plan: SeedPlan): TableSpec {
  return {
    table: 'parent_communications',
    columns: ['id', 'student_id', 'sender_type', 'sender_id', 'recipient_type', 'recipient_id', 'subject', 'message', 'is_read', 'priority', 'created_at'],
    count: plan.students * PARENT_COMMUNICATIONS_PER_STUDENT,
    *rows() {
      const rng = new Rng();
      for (let s = 0; s < plan.students; s += 1) {
        const student = plan.studentInfo[s];
        const family = plan.familyOfStudent(s);
        // sender_id and recipient_id are users.id of the correspondents (their kind is in *_type).
        const parent = plan.parentOfFamily(family, family % 2);
        const parentUser = plan.parentUserId(parent);
        const t = plan.individualTeacher(s, 0);
        const teacherUser = plan.teacherUserId(t);
        const adminUser = plan.adminUserId(s % plan.admins);
        const child = student.firstName;
        const subject = plan.teacherInfo[t].subjects[0];
        for (let j = 0; j < PARENT_COMMUNICATIONS_PER_STUDENT; j += 1) {
          rng.reseed(mix(SALT.communication, s, j));
          const createdAt = REFERENCE - (24 - 8 * j) * DAY + rng.int(8 * 60, 20 * 60) * MINUTE - HOUR;
          let message: [CorrespondentType, number, CorrespondentType, number, string, string];
          if (j === 0) {
            message = [
              CorrespondentType.TEACHER, teacherUser, CorrespondentType.PARENT, parentUser,
              `Point sur les progrès de ${child} en ${subject}`,
              `Bonjour,\n\n${child} a bien progressé ces dernières semaines en ${subject}, en particulier sur « ${rng.pick(TOPICS[subject])} ». ` +
                `Pour consolider, je conseille deux séances ARIA de vingt minutes par semaine.\n\nBien cordialement,\n${teacherTitle(plan, t)}`,
            ];
          } else if (j === 1) {
            message = [
              CorrespondentType.PARENT, parentUser, CorrespondentType.TEACHER, teacherUser,
              ...parentQuestion(rng.int(0, 2), child, teacherTitle(plan, t), `${plan.parentInfo[parent].firstName} ${plan.parentInfo[parent].lastName}`),
            ];
          } else {
            message = [
              CorrespondentType.ADMIN, adminUser, CorrespondentType.PARENT, parentUser,
              rng.pick(['Rentrée 2026 : planning des séances', 'Facture du mois d’août', 'Réunion parents-professeurs']),
              `Chère famille ${plan.parentInfo[parent].lastName},\n\nLe planning de ${child} pour la rentrée est disponible dans l’espace parents. ` +
                `La réunion parents-professeurs aura lieu le ${frenchDate(REFERENCE + rng.int(10, 20) * DAY)} au centre.\n\nL’équipe Nexus Réussite`,
            ];
          }
          const [senderType, senderId, recipientType, recipientId, title, text] = message;
          yield [
            s * PARENT_COMMUNICATIONS_PER_STUDENT + j + 1,
            s + 1,
            senderType,
            senderId,
            recipientType,
            recipientId,
            title,
            text,
            j < 2 ? rng.chance(0.85) : rng.chance(0.4),
            rng.weighted([[MessagePriority.NORMAL, 75], [MessagePriority.LOW, 10], [MessagePriority.HIGH, 12], [MessagePriority.URGENT, 3]]),
            iso(createdAt),
          ];
        }
      }
    },
  };
}

export function studentObjectivesTable(plan: SeedPlan): TableSpec {
  return {
    table: 'student_objectives',
    columns: [
      'id', 'student_id', 'subject', 'objective_text', 'target_date', 'is_achieved', 'achievement_date', 'progress_percentage',
      'created_by', 'created_at', 'updated_at',
    ],
    count: plan.students * OBJECTIVES_PER_STUDENT,
    *rows() {
      const rng = new Rng();
      for (let s = 0; s < plan.students; s += 1) {
        const student = plan.studentInfo[s];
        for (let j = 0; j < OBJECTIVES_PER_STUDENT; j += 1) {
          rng.reseed(mix(SALT.objective, s, j));
          const subject = student.subjects[j % student.subjects.length];
          const topic = rng.pick(TOPICS[subject]);
          const createdAt = REFERENCE - rng.int(20, 90) * DAY + rng.int(8 * 60, 20 * 60) * MINUTE;
          // The first objective was set long ago and is often reached; the others run into the school year.
          const achieved = j === 0 && rng.chance(0.6);
          const achievedAt = achieved ? createdAt + rng.int(7, Math.max(8, Math.floor((REFERENCE - createdAt) / DAY) - 1)) * DAY : null;
          const target = achieved ? tunisDate((achievedAt as number) + rng.int(0, 10) * DAY) : tunisDate(REFERENCE + rng.int(14, 150) * DAY);
          const text = rng.pick([
            `Obtenir au moins ${rng.int(12, 16)}/20 au prochain devoir surveillé de ${subject}`,
            `Maîtriser « ${topic} » (exercices de type bac sans aide)`,
            `Faire chaque semaine deux séances ARIA en ${subject}`,
            `Rendre toutes les fiches d’exercices de ${subject} à temps`,
          ]);
          yield [
            s * OBJECTIVES_PER_STUDENT + j + 1,
            s + 1,
            subject,
            text,
            target,
            achieved,
            achievedAt === null ? null : tunisDate(achievedAt),
            achieved ? 100 : rng.step(0, 90, 5),
            rng.weighted([[ActorRole.TEACHER, 5], [ActorRole.STUDENT, 3], [ActorRole.PARENT, 2], [ActorRole.ADMIN, 0.5]]),
            iso(createdAt),
            iso(achievedAt ?? Math.min(createdAt + rng.int(0, 20) * DAY, REFERENCE - HOUR)),
          ];
        }
      }
    },
  };
}
