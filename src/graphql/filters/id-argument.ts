import { BadUserInputError } from '../errors/domain-error';

const MAX_INTEGER_ID = 2_147_483_647;

/** GraphQL IDs are strings; ours are PostgreSQL integers. Anything else is the caller's mistake. */
export function parseId(value: unknown, argument: string): number {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,10}$/.test(text) || Number(text) < 1 || Number(text) > MAX_INTEGER_ID) {
    throw new BadUserInputError(`${argument} must be a positive integer id (got ${JSON.stringify(value)})`, [argument]);
  }
  return Number(text);
}
