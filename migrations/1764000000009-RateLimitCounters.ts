import type { MigrationInterface, QueryRunner } from 'typeorm';

// The throttling counters of sign-in, registration and password reset, shared by every API
// instance (src/modules/accounts/account-throttle.ts). The shape is rate-limiter-flexible's
// PostgreSQL store: one row per key, `points` counted in the window that ends at `expire`
// (milliseconds since the epoch). Not a model of the API: no entity maps it, like `migrations`.
export class RateLimitCounters1764000000009 implements MigrationInterface {
  name = 'RateLimitCounters1764000000009';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "rate_limit_counters" ("key" varchar(255) PRIMARY KEY, "points" integer NOT NULL DEFAULT 0, "expire" bigint)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rate_limit_counters"`);
  }
}
