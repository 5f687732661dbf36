import { InitialSchema1764000000000 } from './1764000000000-InitialSchema';
import { RefreshTokenReuse1764000000001 } from './1764000000001-RefreshTokenReuse';
import { SchedulingConstraints1764000000002 } from './1764000000002-SchedulingConstraints';
import { ParentIdIndexes1764000000003 } from './1764000000003-ParentIdIndexes';
import { RateLimitCounters1764000000009 } from './1764000000009-RateLimitCounters';
import { LessonRules1764000000011 } from './1764000000011-LessonRules';
import { RefreshOverlap1764000000012 } from './1764000000012-RefreshOverlap';
import { TextCollation1764000000020 } from './1764000000020-TextCollation';
import { ActiveSuperAdmin1764000001100 } from './1764000001100-ActiveSuperAdmin';
import { RoomCapacityFloor1764000002100 } from './1764000002100-RoomCapacityFloor';
import { TextSearch1764000008100 } from './1764000008100-TextSearch';
import { BookingsMonthIndex1764000009100 } from './1764000009100-BookingsMonthIndex';

// Migrations in the order they run. Imported explicitly so the same list works from
// TypeScript (tests, CLI) and from the compiled dist/.
export const MIGRATIONS: Function[] = [
  InitialSchema1764000000000,
  RefreshTokenReuse1764000000001,
  SchedulingConstraints1764000000002,
  ParentIdIndexes1764000000003,
  RateLimitCounters1764000000009,
  LessonRules1764000000011,
  RefreshOverlap1764000000012,
  TextCollation1764000000020,
  ActiveSuperAdmin1764000001100,
  RoomCapacityFloor1764000002100,
  TextSearch1764000008100,
  BookingsMonthIndex1764000009100,
];
