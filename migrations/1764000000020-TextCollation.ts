import type { MigrationInterface, QueryRunner } from 'typeorm';

// Text sorts and compares the same way on every server: the ICU collation "nexus_fr" (CLDR's French
// rules, deterministic) on every text column exposed as a String field (src/db/text-collation.ts),
// and text already stored is brought to Unicode NFC, the form every input is normalized to.
// Changing a column's collation rebuilds its indexes with it, so keyset pagination keeps them.

/** Table → [column, type] of the String fields, as the entities declare them with TEXT_COLLATION. */
const TEXT_COLUMNS: Record<string, Array<[string, 'varchar' | 'text']>> = {
  admin_profiles: [['department', 'varchar']],
  aria_interactions: [['user_input', 'text'], ['aria_response', 'text']],
  assessments: [['title', 'varchar'], ['subject', 'varchar'], ['aria_feedback', 'text'], ['next_steps', 'text']],
  bookings: [['subject', 'varchar'], ['topic', 'varchar'], ['description', 'text'], ['booking_notes', 'text'], ['cancellation_reason', 'varchar'], ['meeting_url', 'varchar'], ['meeting_password', 'varchar']],
  formulas: [['name', 'varchar'], ['description', 'text']],
  group_sessions: [['subject', 'varchar'], ['homework_assigned', 'text'], ['teacher_notes', 'text'], ['meeting_url', 'varchar']],
  groups: [['name', 'varchar'], ['subject', 'varchar']],
  individual_sessions: [['subject', 'varchar'], ['homework_assigned', 'text'], ['teacher_notes', 'text'], ['meeting_url', 'varchar']],
  learning_sessions: [['subject', 'varchar'], ['topic', 'varchar']],
  locations: [['name', 'varchar'], ['address', 'varchar']],
  parent_communications: [['subject', 'varchar'], ['message', 'text']],
  parent_profiles: [['profession', 'varchar'], ['address', 'text'], ['emergency_contact', 'varchar']],
  session_attendances: [['individual_notes', 'text']],
  session_reports: [['teacher_notes', 'text'], ['homework_assigned', 'text'], ['next_session_recommendations', 'text']],
  student_objectives: [['subject', 'varchar'], ['objective_text', 'text']],
  student_profiles: [['school', 'varchar']],
  students: [['full_name', 'varchar'], ['email', 'varchar'], ['phone', 'varchar'], ['school', 'varchar']],
  teacher_profiles: [['bio', 'text'], ['specialties_description', 'text']],
  teachers: [['first_name', 'varchar'], ['last_name', 'varchar'], ['email', 'varchar'], ['phone', 'varchar']],
  user_sessions: [['ip_address', 'varchar'], ['user_agent', 'varchar'], ['location', 'varchar']],
  users: [['email', 'varchar'], ['first_name', 'varchar'], ['last_name', 'varchar'], ['phone', 'varchar'], ['avatar_url', 'varchar'], ['timezone', 'varchar']],
  weekly_reports: [['aria_insights', 'text'], ['parent_feedback', 'text']],
};

function columns(): Array<[string, string, string]> {
  return Object.entries(TEXT_COLUMNS).flatMap(([table, list]) => list.map(([column, type]): [string, string, string] => [table, column, type === 'varchar' ? 'character varying' : 'text']));
}

export class TextCollation1764000000020 implements MigrationInterface {
  name = 'TextCollation1764000000020';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE COLLATION "nexus_fr" (provider = icu, locale = 'fr')`);
    const [{ encoding }] = (await queryRunner.query(`SELECT current_setting('server_encoding') AS encoding`)) as Array<{ encoding: string }>;
    for (const [table, column, type] of columns()) {
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE ${type} COLLATE "nexus_fr"`);
      // normalize() needs a UTF-8 database (PostgreSQL "String Functions and Operators").
      if (encoding === 'UTF8') {
        await queryRunner.query(`UPDATE "${table}" SET "${column}" = normalize("${column}", NFC) WHERE "${column}" IS NOT NFC NORMALIZED`);
      }
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column, type] of columns()) {
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE ${type} COLLATE pg_catalog."default"`);
    }
    await queryRunner.query(`DROP COLLATION "nexus_fr"`);
  }
}
