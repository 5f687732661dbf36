import { BadUserInputError } from '../errors/domain-error';
import type { FilterInput } from '../filters/filter-sql';
import type { ModelDefinition } from '../model-registry';
import { rankOrder, searchTextOf } from '../search/search-sql';
import { decodeCursor } from './cursor';
import { stableKey } from '../loaders/stable-key';
import { orderSignature, resolveOrder, type OrderByInput, type OrderKey } from './order';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** The arguments of every connection field, as the contract fixes them. */
export interface ConnectionArguments {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  filter?: FilterInput | null;
  orderBy?: OrderByInput[] | null;
  /** Full-text search text, on searchable models (src/graphql/search). */
  search?: string | null;
}

export interface PageRequest {
  limit: number;
  /** true for `last`: read the ordering backwards, then flip the rows. */
  backward: boolean;
  keys: OrderKey[];
  after: unknown[] | null;
  before: unknown[] | null;
  filter: FilterInput | null;
  /** Search text, or null for no search (absent, empty or white space only). */
  search: string | null;
}

function pageSize(value: number | null | undefined, argument: string): number | null {
  if (value === null || value === undefined) return null;
  if (value < 0) throw new BadUserInputError(`${argument} must not be negative (got ${value})`, [argument]);
  if (value > MAX_PAGE_SIZE) throw new BadUserInputError(`${argument} must be at most ${MAX_PAGE_SIZE} (got ${value})`, [argument]);
  return value;
}

export function resolvePageRequest(model: ModelDefinition, args: ConnectionArguments): PageRequest {
  const first = pageSize(args.first, 'first');
  const last = pageSize(args.last, 'last');
  if (first !== null && last !== null) throw new BadUserInputError('Give either first or last, not both', ['first', 'last']);
  const search = searchTextOf(args.search);
  // A search without orderBy lists the best matches first.
  const keys = search !== null && !args.orderBy?.length ? rankOrder(model) : resolveOrder(model, args.orderBy);
  return {
    limit: last ?? first ?? DEFAULT_PAGE_SIZE,
    backward: last !== null,
    keys,
    // Only an absent (or null) cursor means "from the start": "" is a malformed cursor, not none.
    after: args.after === null || args.after === undefined ? null : decodeCursor(args.after, keys, 'after'),
    before: args.before === null || args.before === undefined ? null : decodeCursor(args.before, keys, 'before'),
    filter: args.filter ?? null,
    search,
  };
}

/** Page request → its key: the parents of one field share one PageRequest (read-resolvers.ts). */
const PAGE_KEYS = new WeakMap<PageRequest, string>();

/** Everything that makes two page requests differ, the ordering by its signature (field names and directions). */
export function pageKey(page: PageRequest): string {
  let key = PAGE_KEYS.get(page);
  if (key === undefined) {
    const { limit, backward, keys, after, before, filter, search } = page;
    key = stableKey({ limit, backward, order: orderSignature(keys), after, before, filter, search });
    PAGE_KEYS.set(page, key);
  }
  return key;
}

