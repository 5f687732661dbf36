import type { MigrationInterface, QueryRunner } from 'typeorm';

// A room's capacity never drops below the seats already taken in it from now on (issue 11,
// "a room holds at most its capacity at any time"): the lesson triggers of migration LessonRules
// check a lesson against the capacity when the lesson is written, and this trigger checks the
// capacity against the lessons when the capacity is lowered. It fires before the update, which
// already holds the room's row lock, the lock the lesson triggers take (FOR NO KEY UPDATE) before
// they count the seats: a lesson written at the same time is counted here, or counted against the
// new capacity there. Refusal: SQLSTATE 23P01, constraint excl_locations_capacity_below_peak.
//
// room_busiest_instant gives the most seats taken at once over a period and the first instant
// they are (room_peak only gives the number): the API names both in its CONFLICT. The occupation
// is highest at the start of some lesson (clipped to the period), as in room_peak.

export class RoomCapacityFloor1764000002100 implements MigrationInterface {
  name = 'RoomCapacityFloor1764000002100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION room_busiest_instant(p_location integer, p_period tstzrange) RETURNS TABLE (seats integer, at timestamptz)
      LANGUAGE sql STABLE
      AS $$
        SELECT room_peak(p_location, tstzrange(starts.at, starts.at, '[]')), starts.at FROM (
          SELECT greatest(b.start_time, lower(p_period)) AS at FROM bookings b
           WHERE b.location_id = p_location AND b.status IS DISTINCT FROM 'cancelled' AND tstzrange(b.start_time, b.end_time) && p_period
          UNION
          SELECT greatest(s.scheduled_at, lower(p_period)) FROM individual_sessions s
           WHERE s.location_id = p_location AND s.status IS DISTINCT FROM 'cancelled' AND lesson_period(s.scheduled_at, s.duration_minutes) && p_period
          UNION
          SELECT greatest(g.scheduled_at, lower(p_period)) FROM group_sessions g
           WHERE g.location_id = p_location AND g.status IS DISTINCT FROM 'cancelled' AND lesson_period(g.scheduled_at, g.duration_minutes) && p_period
        ) starts
        ORDER BY 1 DESC, 2
        LIMIT 1
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION check_location_capacity() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        busiest record;
      BEGIN
        SELECT * INTO busiest FROM room_busiest_instant(NEW.id, tstzrange(now(), NULL));
        IF busiest.seats > NEW.capacity THEN
          RAISE EXCEPTION 'room % has % seats taken at %, more than a capacity of %', NEW.id, busiest.seats, busiest.at, NEW.capacity
            USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'excl_locations_capacity_below_peak';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "trg_locations_capacity" BEFORE UPDATE OF capacity ON "locations" FOR EACH ROW WHEN (NEW.capacity < OLD.capacity) EXECUTE FUNCTION check_location_capacity()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "trg_locations_capacity" ON "locations"`);
    await queryRunner.query(`DROP FUNCTION check_location_capacity()`);
    await queryRunner.query(`DROP FUNCTION room_busiest_instant(integer, tstzrange)`);
  }
}
