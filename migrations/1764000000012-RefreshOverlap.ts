import type { MigrationInterface, QueryRunner } from 'typeorm';

// Refresh rotation with an overlap period: when a session last rotated, and the random salt its
// current tokens were derived with, so that its just-rotated refresh token, presented again within
// REFRESH_OVERLAP_SECONDS (parallel refreshes), gets the current pair back instead of a revocation.
export class RefreshOverlap1764000000012 implements MigrationInterface {
  name = 'RefreshOverlap1764000000012';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user_sessions" ADD "rotated_at" TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "user_sessions" ADD "rotation_salt" character varying`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user_sessions" DROP COLUMN "rotation_salt"`);
    await queryRunner.query(`ALTER TABLE "user_sessions" DROP COLUMN "rotated_at"`);
  }
}
