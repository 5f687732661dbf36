// npm run seed: deterministic demo data for the 25 tables.
export { DEMO_ACCOUNTS, DEMO_PASSWORD, PER_SCALE, SeedPlan } from './plan';
export { REFERENCE } from './calendar';
export { CANONICAL_REFERENCE_DATE, parseReferenceDate, ReferenceDateError, todayInTunis } from './reference-week';
export { demoPasswordHash, seedDatabase, SeedError, type SeedOptions, type SeedProgress, type SeedResult, type SeedTableResult } from './seed-database';
export { seedTables } from './tables';
