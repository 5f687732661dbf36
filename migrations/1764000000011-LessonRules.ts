import type { MigrationInterface, QueryRunner } from 'typeorm';

// The platform's scheduling rules that the database can hold (issue 11):
//
// - A slot lasts 15 minutes to 4 hours (chk_availabilities_duration).
// - Two live sessions of one group never overlap (excl_group_sessions_group_time, a GiST exclusion
//   constraint like the bookings' ones). A session's period is lesson_period(scheduled_at,
//   duration_minutes): adding minutes to a timestamptz does not depend on the time zone, so the
//   function is truly IMMUTABLE and may sit in an index.
// - A teacher never teaches two live lessons at once, across bookings, individual sessions and
//   group sessions (the group's teacher). An exclusion constraint spans one table only, and a
//   shared "busy" table would be a 26th table outside the audited model, so a constraint trigger
//   on each table holds the rule: it takes a transaction-level advisory lock on the teacher, then
//   looks for an overlapping live lesson in the three tables. Every writer of a lesson passes
//   through the trigger, and under READ COMMITTED (the isolation every mutation uses) each
//   statement of the trigger sees what the previous holder of the lock committed: two concurrent
//   writers for one teacher are serialized and the second one sees the first one's lesson.
//   Refusal: SQLSTATE 23P01 (exclusion_violation), constraint excl_lessons_teacher_time.
// - A room holds at most its capacity at any instant, across the three tables (a booking or an
//   individual session takes 1 seat, a group session takes the group's places, max_students).
//   A sum is beyond an exclusion constraint; the trigger locks the room's row (FOR NO KEY UPDATE,
//   which foreign-key checks, FOR KEY SHARE, do not wait for) and computes the peak occupation
//   over the lesson's period. Refusal: SQLSTATE 23P01, constraint excl_lessons_room_capacity.
// - groups: a new teacher, or more places, re-check the group's future live sessions.
//
// The seed loads rows with these triggers disabled (like its foreign keys, dropped and re-added)
// and checks both rules once over the whole set afterwards (src/seed/seed-database.ts).

const TEACHER_LOCK_SPACE = 1_100;

export class LessonRules1764000000011 implements MigrationInterface {
  name = 'LessonRules1764000000011';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "availabilities" ADD CONSTRAINT "chk_availabilities_duration" CHECK ("end_time" - "start_time" BETWEEN interval '15 minutes' AND interval '4 hours')`,
    );
    await queryRunner.query(`ALTER TABLE "parent_communications" ADD CONSTRAINT "fk_parent_communications_sender_id" FOREIGN KEY ("sender_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(
      `ALTER TABLE "parent_communications" ADD CONSTRAINT "fk_parent_communications_recipient_id" FOREIGN KEY ("recipient_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`CREATE INDEX "idx_parent_communications_sender_id" ON "parent_communications" ("sender_id", "id")`);
    await queryRunner.query(`CREATE INDEX "idx_parent_communications_recipient_id" ON "parent_communications" ("recipient_id", "id")`);

    await queryRunner.query(`
      CREATE FUNCTION lesson_period(start_time timestamptz, duration_minutes integer) RETURNS tstzrange
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN tstzrange(start_time, start_time + make_interval(mins => coalesce(duration_minutes, 60)))`);
    await queryRunner.query(
      `ALTER TABLE "group_sessions" ADD CONSTRAINT "excl_group_sessions_group_time" EXCLUDE USING gist ("group_id" WITH =, lesson_period("scheduled_at", "duration_minutes") WITH &&) WHERE ("status" IS DISTINCT FROM 'cancelled')`,
    );
    // Overlap lookups of the triggers: a teacher's individual sessions by time (bookings and group
    // sessions have their exclusion constraints' indexes), a room's lessons by time.
    await queryRunner.query(`CREATE INDEX "idx_individual_sessions_teacher_time" ON "individual_sessions" USING gist ("teacher_id", lesson_period("scheduled_at", "duration_minutes")) WHERE "status" IS DISTINCT FROM 'cancelled'`);
    await queryRunner.query(`CREATE INDEX "idx_individual_sessions_location_time" ON "individual_sessions" USING gist ("location_id", lesson_period("scheduled_at", "duration_minutes")) WHERE "location_id" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "idx_group_sessions_location_time" ON "group_sessions" USING gist ("location_id", lesson_period("scheduled_at", "duration_minutes")) WHERE "location_id" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "idx_bookings_location_time" ON "bookings" USING gist ("location_id", tstzrange("start_time", "end_time")) WHERE "location_id" IS NOT NULL`);

    await queryRunner.query(`
      CREATE FUNCTION assert_teacher_free(p_teacher integer, p_period tstzrange) RETURNS void
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(${TEACHER_LOCK_SPACE}, p_teacher);
        IF (SELECT count(*) FROM (
              SELECT 1 FROM bookings b
               WHERE b.teacher_id = p_teacher AND b.status IS DISTINCT FROM 'cancelled' AND tstzrange(b.start_time, b.end_time) && p_period
              UNION ALL
              SELECT 1 FROM individual_sessions s
               WHERE s.teacher_id = p_teacher AND s.status IS DISTINCT FROM 'cancelled' AND lesson_period(s.scheduled_at, s.duration_minutes) && p_period
              UNION ALL
              SELECT 1 FROM group_sessions g JOIN groups gr ON gr.id = g.group_id
               WHERE gr.teacher_id = p_teacher AND g.status IS DISTINCT FROM 'cancelled' AND lesson_period(g.scheduled_at, g.duration_minutes) && p_period
              LIMIT 2) lessons) > 1 THEN
          RAISE EXCEPTION 'overlapping lessons of one teacher' USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'excl_lessons_teacher_time';
        END IF;
      END $$`);
    // Most seats taken at any instant of the period in the room (freeLocations reads it too). The
    // occupation is highest at the start of some lesson (clipped to the period).
    await queryRunner.query(`
      CREATE FUNCTION room_peak(p_location integer, p_period tstzrange) RETURNS integer
      LANGUAGE sql STABLE
      RETURN (
        WITH lessons AS (
          SELECT tstzrange(b.start_time, b.end_time) AS period, 1 AS seats FROM bookings b
           WHERE b.location_id = p_location AND b.status IS DISTINCT FROM 'cancelled' AND tstzrange(b.start_time, b.end_time) && p_period
          UNION ALL
          SELECT lesson_period(s.scheduled_at, s.duration_minutes), 1 FROM individual_sessions s
           WHERE s.location_id = p_location AND s.status IS DISTINCT FROM 'cancelled' AND lesson_period(s.scheduled_at, s.duration_minutes) && p_period
          UNION ALL
          SELECT lesson_period(g.scheduled_at, g.duration_minutes), greatest(coalesce(gr.max_students, gr.current_students, 1), 1)
            FROM group_sessions g JOIN groups gr ON gr.id = g.group_id
           WHERE g.location_id = p_location AND g.status IS DISTINCT FROM 'cancelled' AND lesson_period(g.scheduled_at, g.duration_minutes) && p_period
        )
        SELECT coalesce(max((SELECT sum(other.seats) FROM lessons other WHERE other.period @> greatest(lower(l.period), lower(p_period)))), 0)::integer
        FROM lessons l
      )`);
    await queryRunner.query(`
      CREATE FUNCTION assert_room_capacity(p_location integer, p_period tstzrange) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        room_capacity integer;
      BEGIN
        SELECT capacity INTO room_capacity FROM locations WHERE id = p_location FOR NO KEY UPDATE;
        IF room_capacity IS NOT NULL AND room_peak(p_location, p_period) > room_capacity THEN
          RAISE EXCEPTION 'room over capacity' USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'excl_lessons_room_capacity';
        END IF;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION check_lesson_rules() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        new_teacher integer;
        new_period tstzrange;
        old_teacher integer;
        old_period tstzrange;
        was_live boolean := false;
      BEGIN
        IF NEW.status IS NOT DISTINCT FROM 'cancelled' THEN RETURN NULL; END IF;
        IF TG_TABLE_NAME = 'bookings' THEN
          new_teacher := NEW.teacher_id;
          new_period := tstzrange(NEW.start_time, NEW.end_time);
          IF TG_OP = 'UPDATE' THEN old_teacher := OLD.teacher_id; old_period := tstzrange(OLD.start_time, OLD.end_time); END IF;
        ELSIF TG_TABLE_NAME = 'individual_sessions' THEN
          new_teacher := NEW.teacher_id;
          new_period := lesson_period(NEW.scheduled_at, NEW.duration_minutes);
          IF TG_OP = 'UPDATE' THEN old_teacher := OLD.teacher_id; old_period := lesson_period(OLD.scheduled_at, OLD.duration_minutes); END IF;
        ELSE
          SELECT teacher_id INTO new_teacher FROM groups WHERE id = NEW.group_id;
          new_period := lesson_period(NEW.scheduled_at, NEW.duration_minutes);
          IF TG_OP = 'UPDATE' THEN
            SELECT teacher_id INTO old_teacher FROM groups WHERE id = OLD.group_id;
            old_period := lesson_period(OLD.scheduled_at, OLD.duration_minutes);
          END IF;
        END IF;
        IF TG_OP = 'UPDATE' THEN was_live := OLD.status IS DISTINCT FROM 'cancelled'; END IF;
        -- An update that neither revives the lesson nor moves it (status to completed, notes...) checks nothing.
        IF NOT was_live OR old_teacher IS DISTINCT FROM new_teacher OR old_period <> new_period THEN
          PERFORM assert_teacher_free(new_teacher, new_period);
        END IF;
        IF NEW.location_id IS NOT NULL AND (NOT was_live OR OLD.location_id IS DISTINCT FROM NEW.location_id OR old_period <> new_period) THEN
          PERFORM assert_room_capacity(NEW.location_id, new_period);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION check_group_lesson_rules() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        session record;
      BEGIN
        FOR session IN
          SELECT lesson_period(scheduled_at, duration_minutes) AS period, location_id FROM group_sessions
           WHERE group_id = NEW.id AND status IS DISTINCT FROM 'cancelled' AND scheduled_at > now()
        LOOP
          IF OLD.teacher_id IS DISTINCT FROM NEW.teacher_id THEN PERFORM assert_teacher_free(NEW.teacher_id, session.period); END IF;
          IF session.location_id IS NOT NULL AND coalesce(NEW.max_students, 0) > coalesce(OLD.max_students, 0) THEN
            PERFORM assert_room_capacity(session.location_id, session.period);
          END IF;
        END LOOP;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE CONSTRAINT TRIGGER "trg_bookings_lesson_rules" AFTER INSERT OR UPDATE OF teacher_id, start_time, end_time, status, location_id ON "bookings" FOR EACH ROW EXECUTE FUNCTION check_lesson_rules()`,
    );
    await queryRunner.query(
      `CREATE CONSTRAINT TRIGGER "trg_individual_sessions_lesson_rules" AFTER INSERT OR UPDATE OF teacher_id, scheduled_at, duration_minutes, status, location_id ON "individual_sessions" FOR EACH ROW EXECUTE FUNCTION check_lesson_rules()`,
    );
    await queryRunner.query(
      `CREATE CONSTRAINT TRIGGER "trg_group_sessions_lesson_rules" AFTER INSERT OR UPDATE OF group_id, scheduled_at, duration_minutes, status, location_id ON "group_sessions" FOR EACH ROW EXECUTE FUNCTION check_lesson_rules()`,
    );
    await queryRunner.query(
      `CREATE CONSTRAINT TRIGGER "trg_groups_lesson_rules" AFTER UPDATE OF teacher_id, max_students ON "groups" FOR EACH ROW EXECUTE FUNCTION check_group_lesson_rules()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "trg_groups_lesson_rules" ON "groups"`);
    await queryRunner.query(`DROP TRIGGER "trg_group_sessions_lesson_rules" ON "group_sessions"`);
    await queryRunner.query(`DROP TRIGGER "trg_individual_sessions_lesson_rules" ON "individual_sessions"`);
    await queryRunner.query(`DROP TRIGGER "trg_bookings_lesson_rules" ON "bookings"`);
    await queryRunner.query(`DROP FUNCTION check_group_lesson_rules()`);
    await queryRunner.query(`DROP FUNCTION check_lesson_rules()`);
    await queryRunner.query(`DROP FUNCTION assert_room_capacity(integer, tstzrange)`);
    await queryRunner.query(`DROP FUNCTION room_peak(integer, tstzrange)`);
    await queryRunner.query(`DROP FUNCTION assert_teacher_free(integer, tstzrange)`);
    await queryRunner.query(`DROP INDEX "public"."idx_bookings_location_time"`);
    await queryRunner.query(`DROP INDEX "public"."idx_group_sessions_location_time"`);
    await queryRunner.query(`DROP INDEX "public"."idx_individual_sessions_location_time"`);
    await queryRunner.query(`DROP INDEX "public"."idx_individual_sessions_teacher_time"`);
    await queryRunner.query(`ALTER TABLE "group_sessions" DROP CONSTRAINT "excl_group_sessions_group_time"`);
    await queryRunner.query(`DROP FUNCTION lesson_period(timestamptz, integer)`);
    await queryRunner.query(`DROP INDEX "public"."idx_parent_communications_recipient_id"`);
    await queryRunner.query(`DROP INDEX "public"."idx_parent_communications_sender_id"`);
    await queryRunner.query(`ALTER TABLE "parent_communications" DROP CONSTRAINT "fk_parent_communications_recipient_id"`);
    await queryRunner.query(`ALTER TABLE "parent_communications" DROP CONSTRAINT "fk_parent_communications_sender_id"`);
    await queryRunner.query(`ALTER TABLE "availabilities" DROP CONSTRAINT "chk_availabilities_duration"`);
  }
}
