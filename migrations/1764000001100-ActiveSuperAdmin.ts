import type { MigrationInterface, QueryRunner } from 'typeorm';

// The platform always keeps an active super admin. The API refuses to suspend, deactivate or
// demote the last one (setUserStatus, with a CONFLICT naming the rule); these triggers hold the
// rule for every other writer too (psql, scripts, future mutations). A change that takes an
// active super admin away re-checks, under one advisory lock so that two concurrent changes are
// checked one after the other, that another active super admin remains. TRUNCATE (the seed's
// reset) fires no row trigger.
export class ActiveSuperAdmin1764000001100 implements MigrationInterface {
  name = 'ActiveSuperAdmin1764000001100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION keep_an_active_super_admin() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- An account that was not a super admin takes none away.
        IF TG_TABLE_NAME = 'users' AND NOT EXISTS (SELECT 1 FROM admin_profiles WHERE user_id = OLD.id AND is_super_admin IS TRUE) THEN
          RETURN NULL;
        END IF;
        PERFORM pg_advisory_xact_lock(hashtext('active_super_admins'));
        IF NOT EXISTS (SELECT 1 FROM users u JOIN admin_profiles a ON a.user_id = u.id
                       WHERE u.role = 'admin' AND u.status = 'active' AND a.is_super_admin IS TRUE) THEN
          RAISE EXCEPTION 'the last active super admin cannot be suspended, deactivated or demoted'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'chk_active_super_admin';
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER trg_users_keep_an_active_super_admin AFTER UPDATE OF status, role ON users
      FOR EACH ROW WHEN (OLD.role = 'admin' AND OLD.status = 'active' AND (NEW.status IS DISTINCT FROM 'active' OR NEW.role IS DISTINCT FROM 'admin'))
      EXECUTE FUNCTION keep_an_active_super_admin()`);
    await queryRunner.query(`
      CREATE TRIGGER trg_admin_profiles_keep_an_active_super_admin AFTER UPDATE OF is_super_admin, user_id OR DELETE ON admin_profiles
      FOR EACH ROW WHEN (OLD.is_super_admin IS TRUE)
      EXECUTE FUNCTION keep_an_active_super_admin()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER trg_admin_profiles_keep_an_active_super_admin ON admin_profiles`);
    await queryRunner.query(`DROP TRIGGER trg_users_keep_an_active_super_admin ON users`);
    await queryRunner.query(`DROP FUNCTION keep_an_active_super_admin()`);
  }
}
