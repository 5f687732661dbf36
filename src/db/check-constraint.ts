import { getMetadataArgsStorage } from 'typeorm';

// CHECK constraints: expressions derived from the TypeScript enums (so the database and the GraphQL
// enums can never list different values), and what each constraint requires, in words, for the
// message a client gets when a mutation breaks it: a constraint's name never reaches a client.

export function enumCheck(column: string, values: Record<string, string>, nullable = true): string {
  const list = Object.values(values)
    .map((value) => `'${value}'`)
    .join(', ');
  return nullable ? `"${column}" IS NULL OR "${column}" IN (${list})` : `"${column}" IN (${list})`;
}

/** A CHECK constraint's rule: the entity fields it is about and what it requires, in words. */
export interface CheckRule {
  fields: string[];
  rule: string;
}

const atLeastZero = (...fields: string[]): CheckRule => ({ fields, rule: `must not be negative` });
const positive = (...fields: string[]): CheckRule => ({ fields, rule: 'must be greater than 0' });
const between = (low: number, high: number, ...fields: string[]): CheckRule => ({ fields, rule: `must be between ${low} and ${high}` });

/** Every CHECK constraint that is not an enum list (those are described from their expression). */
const RULES: Record<string, CheckRule> = {
  chk_formulas_price_dt: atLeastZero('priceDt'),
  chk_formulas_hours_per_month: positive('hoursPerMonth'),
  chk_formulas_max_students: positive('maxStudents'),
  chk_locations_capacity: positive('capacity'),
  chk_bookings_time_range: { fields: ['endTime', 'startTime'], rule: 'endTime must be after startTime' },
  chk_bookings_duration_minutes: positive('durationMinutes'),
  chk_availabilities_time_range: { fields: ['endTime', 'startTime'], rule: 'endTime must be after startTime' },
  chk_availabilities_duration: { fields: ['endTime', 'startTime'], rule: 'a slot lasts from 15 minutes to 4 hours' },
  chk_session_reports_student_performance: between(1, 5, 'studentPerformance'),
  chk_individual_sessions_duration_minutes: positive('durationMinutes'),
  chk_individual_sessions_student_performance: between(1, 5, 'studentPerformance'),
  chk_student_objectives_progress_percentage: between(0, 100, 'progressPercentage'),
  chk_weekly_reports_week_range: { fields: ['weekEndDate', 'weekStartDate'], rule: 'weekEndDate must not be before weekStartDate' },
  chk_teacher_profiles_hourly_rates: atLeastZero('hourlyRateOnline', 'hourlyRateInPerson', 'hourlyRateGroup'),
  chk_teacher_profiles_rating: between(0, 5, 'rating'),
  chk_teacher_profiles_experience_years: atLeastZero('experienceYears'),
  chk_teacher_profiles_max_hours_per_week: positive('maxHoursPerWeek'),
  chk_teacher_profiles_counters: atLeastZero('totalReviews', 'totalHoursTaught'),
  chk_teachers_hourly_rates: atLeastZero('hourlyRateOnline', 'hourlyRateInPerson'),
  chk_teachers_experience_years: atLeastZero('experienceYears'),
  chk_users_email_lowercase: { fields: ['email'], rule: 'must be in lower case' },
  chk_aria_interactions_confidence_score: between(0, 1, 'confidenceScore'),
  chk_aria_interactions_feedback_rating: between(1, 5, 'feedbackRating'),
  chk_aria_interactions_processing_time_ms: atLeastZero('processingTimeMs'),
  chk_assessments_score: between(0, 100, 'score'),
  chk_learning_sessions_rates: between(0, 1, 'completionRate', 'accuracyRate'),
  chk_learning_sessions_duration_minutes: positive('durationMinutes'),
  chk_groups_max_students: positive('maxStudents'),
  chk_groups_current_students: { fields: ['maxStudents'], rule: 'must not be less than the number of students already enrolled' },
  chk_group_sessions_duration_minutes: positive('durationMinutes'),
  chk_enrollments_date_range: { fields: ['endDate', 'startDate'], rule: 'endDate must not be before startDate' },
  chk_session_attendances_participation_score: between(0, 10, 'participationScore'),
  chk_parent_child_relations_distinct_users: { fields: ['parentUserId', 'childUserId'], rule: 'a parent cannot be their own child' },
};

const ENUM_CHECK = /^(?:"(\w+)" IS NULL OR )?"(\w+)" IN \((.*)\)$/;

function camelCase(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** The rule of the named CHECK constraint of the entities, or null for a name they do not declare. */
export function checkRule(constraint: string): CheckRule | null {
  const known = RULES[constraint];
  if (known) return known;
  const check = getMetadataArgsStorage().checks.find((candidate) => candidate.name === constraint);
  const match = check ? ENUM_CHECK.exec(check.expression) : null;
  if (!match) return null;
  const values = match[3].split(',').map((value) => value.trim().replace(/^'|'$/g, ''));
  // GraphQL's names of the values (the enums name each stored value in upper case).
  return { fields: [camelCase(match[2])], rule: `must be one of ${values.map((value) => value.toUpperCase()).join(', ')}` };
}

/** The message for a broken CHECK constraint, naming the fields under `prefix` (`input`), never the constraint. */
export function checkViolation(constraint: string | undefined, prefix: string): { message: string; fields: string[] } {
  const rule = constraint ? checkRule(constraint) : null;
  if (!rule) return { message: 'A value is outside what the data allows', fields: [prefix] };
  const fields = rule.fields.map((field) => `${prefix}.${field}`);
  // A rule that names its fields itself ("endTime must be after startTime") is said as it is.
  const message = rule.fields.some((field) => rule.rule.startsWith(field)) ? rule.rule : `${rule.fields.join(', ')} ${rule.rule}`;
  return { message: `Invalid input: ${message}`, fields };
}
