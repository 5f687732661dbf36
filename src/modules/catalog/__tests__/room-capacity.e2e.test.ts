import { startTestApp, type TestApp } from '../../../../test/support/test-app';

// A room's capacity never goes below the seats already taken in it from now on (issue 11, rooms):
// updateLocation refuses it with CONFLICT naming the seats and the instant, and the trigger
// trg_locations_capacity (migration RoomCapacityFloor) refuses it for any other writer. Past and
// cancelled lessons do not count; raising a capacity is always allowed; nothing is written on a
// refusal, also when a lesson is written at the same time.

const UPDATE_LOCATION = `mutation ($input: UpdateLocationInput!) { updateLocation(input: $input) { id capacity } }`;

type Response = Awaited<ReturnType<TestApp['graphql']>>;

describe('lowering a room’s capacity', () => {
  let app: TestApp;
  let admin: string;
  let teacherIds: number[];
  let studentId: number;
  let day = 0;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const codeOf = (response: Response) => response.errors?.[0].extensions?.code;

  async function one<T>(sql: string, values: unknown[] = []): Promise<T> {
    return ((await app.dataSource.query(sql, values)) as T[])[0];
  }
  const capacityOf = async (locationId: number) => (await one<{ capacity: number }>('SELECT capacity FROM locations WHERE id = $1', [locationId])).capacity;

  /** A new room and a time, a day after the previous one, far from the seeded lessons. */
  async function roomAndTime(capacity: number): Promise<{ locationId: number; at: Date }> {
    day += 1;
    const { id } = await one<{ id: number }>(`INSERT INTO locations (name, capacity, is_active) VALUES ('Salle capacité', $1, true) RETURNING id`, [capacity]);
    return { locationId: id, at: new Date(Date.UTC(2036, 0, 1, 9, 0) + day * 86_400_000) };
  }
  /** A group session of `places` seats in the room, taught by teacher `teacher`. */
  async function groupSession(locationId: number, at: Date, places: number, teacher = 0, minutes = 120): Promise<number> {
    const group = await one<{ id: number }>(
      `INSERT INTO groups (name, subject, level, max_students, current_students, teacher_id, default_location_id) VALUES ('Groupe capacité', 'Mathématiques', 'terminale', $1, 0, $2, $3) RETURNING id`,
      [places, teacherIds[teacher], locationId],
    );
    const session = await one<{ id: number }>(
      `INSERT INTO group_sessions (group_id, subject, scheduled_at, duration_minutes, format, location_id, status) VALUES ($1, 'Mathématiques', $2, $3, 'in_person', $4, 'scheduled') RETURNING id`,
      [group.id, at, minutes, locationId],
    );
    return session.id;
  }
  async function individualSession(locationId: number, at: Date, teacher: number): Promise<number> {
    const session = await one<{ id: number }>(
      `INSERT INTO individual_sessions (student_id, teacher_id, subject, scheduled_at, duration_minutes, format, location_id, status) VALUES ($1, $2, 'Mathématiques', $3, 60, 'in_person', $4, 'scheduled') RETURNING id`,
      [studentId, teacherIds[teacher], at, locationId],
    );
    return session.id;
  }
  const lower = (locationId: number, capacity: number, token = admin) => app.graphql<{ updateLocation: { capacity: number } }>(UPDATE_LOCATION, { input: { id: String(locationId), capacity } }, as(token));

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
    admin = await app.signIn('admin@example.com');
    teacherIds = ((await app.dataSource.query('SELECT id FROM teachers ORDER BY id LIMIT 4')) as Array<{ id: number }>).map((row) => row.id);
    studentId = (await one<{ id: number }>('SELECT id FROM students ORDER BY id LIMIT 1')).id;
  });
  afterAll(async () => {
    await app.close();
  });

  it('lowers it down to the busiest instant from now on, past lessons aside, and refuses one seat less with CONFLICT naming the seats and the instant', async () => {
    const { locationId, at } = await roomAndTime(10);
    await groupSession(locationId, new Date(Date.now() - 3 * 86_400_000), 8, 0); // past: 8 seats, not counted
    await groupSession(locationId, at, 4, 1); // 09:00-11:00, 4 seats
    await individualSession(locationId, new Date(at.getTime() + 3_600_000), 2); // 10:00-11:00, 1 seat: 5 at 10:00
    await groupSession(locationId, new Date(at.getTime() + 86_400_000), 3, 3); // the next day, 3 seats
    const busiest = await one<{ seats: number; at: Date }>('SELECT seats, at FROM room_busiest_instant($1, tstzrange(now(), NULL))', [locationId]);
    expect(busiest).toEqual({ seats: 5, at: new Date(at.getTime() + 3_600_000) });

    const allowed = await lower(locationId, 5);
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data!.updateLocation.capacity).toBe(5);
    expect(await capacityOf(locationId)).toBe(5);

    const refused = await lower(locationId, 4);
    expect(codeOf(refused)).toBe('CONFLICT');
    expect(refused.errors![0].message).toBe(
      `Location ${locationId} has 5 seats taken at ${busiest.at.toISOString()}: its capacity cannot go below 5 until those lessons are cancelled or moved`,
    );
    expect(refused.data).toBeNull();
    expect(await capacityOf(locationId)).toBe(5);
  });

  it('counts no cancelled lesson, and always lets a capacity rise', async () => {
    const { locationId, at } = await roomAndTime(6);
    const session = await groupSession(locationId, at, 6, 0);
    expect(codeOf(await lower(locationId, 2))).toBe('CONFLICT');
    await app.dataSource.query(`UPDATE group_sessions SET status = 'cancelled' WHERE id = $1`, [session]);
    expect((await lower(locationId, 2)).errors).toBeUndefined();
    expect(await capacityOf(locationId)).toBe(2);
    expect((await lower(locationId, 40)).data!.updateLocation.capacity).toBe(40);
  });

  it('is held by the database for any other writer (trigger trg_locations_capacity)', async () => {
    const { locationId, at } = await roomAndTime(8);
    await groupSession(locationId, at, 7, 0);
    await expect(app.dataSource.query('UPDATE locations SET capacity = 6 WHERE id = $1', [locationId])).rejects.toMatchObject({
      code: '23P01',
      constraint: 'excl_locations_capacity_below_peak',
    });
    expect(await capacityOf(locationId)).toBe(8);
    await app.dataSource.query('UPDATE locations SET capacity = 7 WHERE id = $1', [locationId]);
    expect(await capacityOf(locationId)).toBe(7);
  });

  it('refuses a user without can_manage_content (FORBIDDEN), writing nothing', async () => {
    const { locationId } = await roomAndTime(5);
    const teacher = await app.signIn('teacher@example.com');
    expect(codeOf(await lower(locationId, 3, teacher))).toBe('FORBIDDEN');
    expect(await capacityOf(locationId)).toBe(5);
  });

  it('lowering it while a lesson is written into the room: never both, the room never over its capacity', async () => {
    for (let round = 0; round < 6; round += 1) {
      const { locationId, at } = await roomAndTime(4);
      await groupSession(locationId, at, 2, 0);
      // 2 seats taken; lowering to 2 and adding a 2-seat session at the same time cannot both succeed.
      const [update, insert] = await Promise.allSettled([lower(locationId, 2), groupSession(locationId, at, 2, 1)]);
      const lowered = update.status === 'fulfilled' && update.value.errors === undefined;
      const inserted = insert.status === 'fulfilled';
      expect(lowered && inserted).toBe(false);
      expect(lowered || inserted).toBe(true);
      const { seats } = await one<{ seats: number }>('SELECT seats FROM room_busiest_instant($1, tstzrange(now(), NULL))', [locationId]);
      expect(seats).toBeLessThanOrEqual(await capacityOf(locationId));
    }
  });
});

// The other side of the rule over HTTP: planGroupSession into a room counts the group's places
// against what the room already holds (trigger excl_lessons_room_capacity).
describe('planning a group session into a room', () => {
  let app: TestApp;
  let admin: string;
  const PLAN = `mutation ($input: PlanGroupSessionInput!) { planGroupSession(input: $input) { id locationId } }`;

  async function one<T>(sql: string, values: unknown[] = []): Promise<T> {
    return ((await app.dataSource.query(sql, values)) as T[])[0];
  }
  async function group(places: number, teacherOffset: number, locationId: number): Promise<number> {
    const { id } = await one<{ id: number }>(
      `INSERT INTO groups (name, subject, level, max_students, current_students, teacher_id, default_location_id)
       SELECT 'Groupe salle pleine', 'Mathématiques', 'terminale', $1, 0, id, $3 FROM teachers ORDER BY id LIMIT 1 OFFSET $2 RETURNING id`,
      [places, teacherOffset, locationId],
    );
    return id;
  }

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
    admin = await app.signIn('admin@example.com');
  });
  afterAll(async () => {
    await app.close();
  });

  it('refuses a group whose places do not fit beside what the room holds (CONFLICT, nothing written), accepts one that fits', async () => {
    const { id: locationId } = await one<{ id: number }>(`INSERT INTO locations (name, capacity, is_active) VALUES ('Salle groupes', 6, true) RETURNING id`);
    const scheduledAt = new Date(Date.UTC(2036, 5, 1, 9, 0)).toISOString();
    const plan = (groupId: number) =>
      app.graphql(
        PLAN,
        { input: { groupId: String(groupId), subject: 'Mathématiques', scheduledAt, durationMinutes: 60, format: 'IN_PERSON', locationId: String(locationId) } },
        { authorization: `Bearer ${admin}` },
      );
    expect((await plan(await group(4, 0, locationId))).errors).toBeUndefined();
    const tooBig = await group(3, 1, locationId);
    const refused = await plan(tooBig);
    expect(refused.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(refused.errors![0].message).toMatch(/room is full/);
    expect(await one('SELECT count(*)::int AS n FROM group_sessions WHERE group_id = $1', [tooBig])).toEqual({ n: 0 });
    expect((await plan(await group(2, 2, locationId))).errors).toBeUndefined();
    expect(await one('SELECT room_peak($1, tstzrange($2::timestamptz, $2::timestamptz, \'[]\')) AS seats', [locationId, scheduledAt])).toEqual({ seats: 6 });
  });
});
