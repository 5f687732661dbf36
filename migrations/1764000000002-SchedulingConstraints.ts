// Generated from the entities by `typeorm migration:generate`, plus the btree_gist extension the
// exclusion constraints need (for `teacher_id WITH =` inside a GiST index).
import { MigrationInterface, QueryRunner } from "typeorm";

export class SchedulingConstraints1764000000002 implements MigrationInterface {
    name = 'SchedulingConstraints1764000000002'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_session_attendances_session_student" ON "session_attendances"  ("session_id", "student_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_enrollments_active_group_student" ON "enrollments"  ("group_id", "student_id") WHERE "is_active" IS TRUE AND "group_id" IS NOT NULL`);
        await queryRunner.query(`ALTER TABLE "availabilities" ADD CONSTRAINT "excl_availabilities_teacher_time" EXCLUDE USING gist ("teacher_id" WITH =, tstzrange("start_time", "end_time") WITH &&)`);
        await queryRunner.query(`ALTER TABLE "bookings" ADD CONSTRAINT "excl_bookings_student_time" EXCLUDE USING gist ("student_id" WITH =, tstzrange("start_time", "end_time") WITH &&) WHERE ("status" IS DISTINCT FROM 'cancelled')`);
        await queryRunner.query(`ALTER TABLE "bookings" ADD CONSTRAINT "excl_bookings_teacher_time" EXCLUDE USING gist ("teacher_id" WITH =, tstzrange("start_time", "end_time") WITH &&) WHERE ("status" IS DISTINCT FROM 'cancelled')`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "bookings" DROP CONSTRAINT "excl_bookings_teacher_time"`);
        await queryRunner.query(`ALTER TABLE "bookings" DROP CONSTRAINT "excl_bookings_student_time"`);
        await queryRunner.query(`ALTER TABLE "availabilities" DROP CONSTRAINT "excl_availabilities_teacher_time"`);
        await queryRunner.query(`DROP INDEX "public"."uq_enrollments_active_group_student"`);
        await queryRunner.query(`DROP INDEX "public"."uq_session_attendances_session_student"`);
        await queryRunner.query(`DROP EXTENSION IF EXISTS btree_gist`);
    }

}
