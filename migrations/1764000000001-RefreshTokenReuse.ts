import type { MigrationInterface, QueryRunner } from 'typeorm';

// Refresh rotation with reuse detection: each session keeps the hashes of the refresh tokens it
// rotated out, so a replayed one is recognised and the session revoked.
export class RefreshTokenReuse1764000000001 implements MigrationInterface {
  name = 'RefreshTokenReuse1764000000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user_sessions" ADD "used_refresh_tokens" character varying array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`CREATE INDEX "idx_user_sessions_used_refresh_tokens" ON "user_sessions" USING gin ("used_refresh_tokens")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_user_sessions_used_refresh_tokens"`);
    await queryRunner.query(`ALTER TABLE "user_sessions" DROP COLUMN "used_refresh_tokens"`);
  }
}
