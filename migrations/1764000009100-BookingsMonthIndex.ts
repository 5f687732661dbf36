import type { MigrationInterface, QueryRunner } from 'typeorm';

// Bookings per month (issue 16, the admin insights screen of `npm run bench`:
// `bookings { groupedAggregates(groupBy: [START_TIME_TRUNCATED_TO_MONTH]) { count sum { durationMinutes } } }`)
// group every booking the admin may read by date_trunc('month', start_time, 'UTC'), the
// expression src/graphql/aggregates/aggregate-sql.ts writes (IMMUTABLE: the time zone is given).
// Without an index it is a Seq Scan of the whole table and a HashAggregate (2,816 buffers, 66 ms
// at scale 10, 100,000 bookings); with this one an Index Only Scan already in group order and a
// GroupAggregate (88 buffers, 15 ms). start_time and duration_minutes are key columns so that
// the scan needs no heap fetch (PostgreSQL does not derive start_time from the expression) and
// the month counts and minute sums come from the index alone. Cost: one more index on bookings
// to maintain on each write.

export class BookingsMonthIndex1764000009100 implements MigrationInterface {
  name = 'BookingsMonthIndex1764000009100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX idx_bookings_start_month ON bookings ((date_trunc('month', start_time, 'UTC')), start_time, duration_minutes)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX idx_bookings_start_month');
  }
}
