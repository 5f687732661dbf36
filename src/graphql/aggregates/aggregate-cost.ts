import { MAX_GROUPS } from './aggregate-sql';
import { isAggregateGroupType, isAggregateType } from './aggregate-types';

/**
 * The admission cost (rows, executed-operation.ts) of a field that returns or lives in an
 * aggregates type, or null for any other field: `aggregates` is one row; `groupedAggregates` at
 * most MAX_GROUPS rows (the bound its resolver enforces); fields inside them (sum, avg, …) are
 * columns of those rows and cost nothing more. Under a connection, the parent's page size
 * multiplies these as it multiplies any field of a row.
 */
export function aggregateFieldCost(parentTypeName: string, typeName: string): number | null {
  if (isAggregateType(parentTypeName)) return 0;
  if (!isAggregateType(typeName)) return null;
  return isAggregateGroupType(typeName) ? MAX_GROUPS : 1;
}
