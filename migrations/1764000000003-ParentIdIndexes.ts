import type { MigrationInterface, QueryRunner } from 'typeorm';

// Measured by npm run bench: teachers(first: 50) { bookings(first: 5) } in the default id order
// walked the primary key and filtered by teacher_id (7,600 buffers, 19 ms at scale 10), because
// the foreign-key indexes of these tables lead with (fk, start time). A (fk, id) index makes each
// per-parent page a range scan that stops after first + 1 rows. bookings(student_id, id) is left
// out: a student's pages filter and sort by start time, and the planner preferred the smaller
// (student_id, id) index there, sorting the whole booking history (measured by the bench).
export class ParentIdIndexes1764000000003 implements MigrationInterface {
  name = 'ParentIdIndexes1764000000003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "idx_bookings_teacher_id_id" ON "bookings" ("teacher_id", "id")`);
    await queryRunner.query(`CREATE INDEX "idx_availabilities_teacher_id_id" ON "availabilities" ("teacher_id", "id")`);
    await queryRunner.query(`CREATE INDEX "idx_individual_sessions_student_id_id" ON "individual_sessions" ("student_id", "id")`);
    await queryRunner.query(`CREATE INDEX "idx_individual_sessions_teacher_id_id" ON "individual_sessions" ("teacher_id", "id")`);
    await queryRunner.query(`CREATE INDEX "idx_group_sessions_group_id_id" ON "group_sessions" ("group_id", "id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_group_sessions_group_id_id"`);
    await queryRunner.query(`DROP INDEX "public"."idx_individual_sessions_teacher_id_id"`);
    await queryRunner.query(`DROP INDEX "public"."idx_individual_sessions_student_id_id"`);
    await queryRunner.query(`DROP INDEX "public"."idx_availabilities_teacher_id_id"`);
    await queryRunner.query(`DROP INDEX "public"."idx_bookings_teacher_id_id"`);
  }
}
