import {
  GraphQLError,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isScalarType,
  type GraphQLInputType,
} from 'graphql';
import type { InputLimits } from '../../config/config';
import { isHavingFilterType } from '../aggregates/aggregate-types';
import { isModelFilterType } from '../filters/filter-argument';
import { relationEntryKind } from '../filters/relation-filter-types';
import { SEARCH_ARGUMENT } from '../search/search-sql';

// The size of argument values as graphql-js will hand them to resolvers (literals and variables
// coerced alike): string length, list length, nesting depth, NUL characters, and per filter the
// number of conditions and the nesting of and / or / not and of relation filters (each relation
// entry is one condition, an EXISTS subquery, and one level of nesting). Refused with BAD_USER_INPUT naming the
// argument path (`filter.or[3].name.contains`, `input.email`) and the limit.
//
// Own code, not a library: GraphQL Armor and graphql-query-complexity measure the document, not
// the coerced values (a variable holding 32,768 `or` branches is one token), and neither knows
// which input types are filters; the walk is one pass over values the execution builds anyway.

const COMBINATORS = new Set(['and', 'or', 'not']);

/** A BAD_USER_INPUT refusal naming the argument path, the limit, its maximum and the measured value. */
export function inputRefused(path: string, message: string, limit?: { limit: string; maximum: number; actual: number }): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', fields: [path], ...limit, http: { status: 400 } } });
}

function tooLarge(path: string, limit: string, maximum: number, actual: number, what: string): GraphQLError {
  return inputRefused(path, `${path} ${what} ${actual}, more than the maximum of ${maximum}`, { limit, maximum, actual });
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one (ECMA-262 IsStringWellFormedUnicode). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Per filter argument: conditions counted so far. */
interface FilterCount {
  conditions: number;
}

class InputWalk {
  constructor(private readonly limits: InputLimits) {}

  text(value: string, path: string, inFilter: boolean): void {
    // PostgreSQL cannot store NUL in text or jsonb (it fails the statement): refuse it at the edge.
    if (value.includes('\u0000')) throw inputRefused(path, `${path} must not contain a NUL character (\\u0000)`);
    // A lone UTF-16 surrogate is no Unicode character: jsonb refuses it, text would store U+FFFD.
    if (LONE_SURROGATE.test(value)) throw inputRefused(path, `${path} must be well-formed Unicode (it holds a lone UTF-16 surrogate)`);
    const maximum = inFilter ? this.limits.maxFilterTextLength : this.limits.maxStringLength;
    if (value.length > maximum) throw tooLarge(path, inFilter ? 'filter text length' : 'string length', maximum, value.length, 'has a length of');
  }

  nested(path: string, depth: number): void {
    if (depth > this.limits.maxInputDepth) throw tooLarge(path, 'input depth', this.limits.maxInputDepth, depth, 'is nested to a depth of');
  }

  list(items: unknown[], path: string, depth: number): void {
    this.nested(path, depth);
    if (items.length > this.limits.maxListLength) throw tooLarge(path, 'list length', this.limits.maxListLength, items.length, 'has a length of');
  }

  /** A JSON scalar's value: any nesting of objects, arrays and strings, keys included. */
  json(value: unknown, path: string, depth: number, filter: FilterCount | null): void {
    if (typeof value === 'string') return this.text(value, path, filter !== null);
    if (Array.isArray(value)) {
      this.list(value, path, depth);
      value.forEach((item, index) => this.json(item, `${path}[${index}]`, depth + 1, filter));
    } else if (isPlainObject(value)) {
      this.nested(path, depth);
      for (const [key, item] of Object.entries(value)) {
        this.text(key, `${path}.${key}`, filter !== null);
        this.json(item, `${path}.${key}`, depth + 1, filter);
      }
    }
  }

  /**
   * `depth` is the nesting of this value (an argument's own value is at depth 1); `filterDepth`
   * the number of and / or / not around it inside a filter.
   */
  value(type: GraphQLInputType, value: unknown, path: string, depth: number, filter: FilterCount | null, filterDepth: number): void {
    if (value === null || value === undefined) return;
    const nullable = getNullableType(type);
    if (isListType(nullable)) {
      if (!Array.isArray(value)) return this.value(nullable.ofType, value, path, depth, filter, filterDepth);
      this.list(value, path, depth);
      value.forEach((item, index) => this.value(nullable.ofType, item, `${path}[${index}]`, depth + 1, filter, filterDepth));
      return;
    }
    if (isScalarType(nullable)) {
      if (typeof value === 'string') this.text(value, path, filter !== null);
      else if (nullable.name === 'JSON') this.json(value, path, depth, filter);
      return;
    }
    if (!isInputObjectType(nullable) || !isPlainObject(value)) return; // enums: names the schema defines
    this.nested(path, depth);
    const isFilter = isModelFilterType(nullable.name) || isHavingFilterType(nullable.name);
    const count = filter ?? (isFilter ? { conditions: 0 } : null);
    const fields = nullable.getFields();
    for (const [name, item] of Object.entries(value)) {
      const field = fields[name];
      if (!field || item === null || item === undefined) continue;
      let innerFilterDepth = filterDepth;
      const relation = isFilter ? relationEntryKind(nullable.name, name) : undefined;
      if (isFilter && (COMBINATORS.has(name) || relation === 'filter')) {
        innerFilterDepth += 1;
        if (innerFilterDepth > this.limits.maxFilterDepth) {
          throw tooLarge(`${path}.${name}`, 'filter depth', this.limits.maxFilterDepth, innerFilterDepth, 'nests and / or / not and relation filters to a depth of');
        }
        // A to-many entry's some / every / none are counted below, as operators.
        const toMany = relation === 'filter' && !isModelFilterType(getNamedType(field.type).name);
        if (!toMany) count!.conditions += Array.isArray(item) ? item.length : 1;
      } else if (relation === 'exists') {
        count!.conditions += 1;
      } else if (count && !isFilter) {
        count.conditions += 1; // one operator of a field (eq, in, contains...)
      }
      this.value(field.type, item, `${path}.${name}`, depth + 1, count, innerFilterDepth);
    }
    if (isFilter && filter === null && count!.conditions > this.limits.maxFilterConditions) {
      throw tooLarge(path, 'filter conditions', this.limits.maxFilterConditions, count!.conditions, 'has a number of conditions of');
    }
  }
}

/**
 * Checks one coerced argument value against the input limits; throws BAD_USER_INPUT (fields: the
 * path from the argument name) at the first value over a limit.
 */
export function checkArgumentValue(limits: InputLimits, type: GraphQLInputType, argumentName: string, value: unknown): void {
  // A connection's search text is text to match, like a filter's: it has the filter text limit.
  if (argumentName === SEARCH_ARGUMENT && typeof value === 'string') return new InputWalk(limits).text(value, argumentName, true);
  new InputWalk(limits).value(type, value, argumentName, 1, null, 0);
}

/**
 * Raw JSON variables, before graphql-js coerces them: its coercion recurses once per level (`not`
 * nested 5,000 deep overflows the stack) and costs about 70 µs per input object (32,768 `or`
 * branches: 2.5 s of CPU), so depth, list length and the number of values are bounded first.
 * Walked with an explicit stack, not recursion, for the same reason.
 */
export function checkRawVariables(variables: Record<string, unknown> | undefined, limits: InputLimits): void {
  if (!variables) return;
  const pending: Array<[unknown, number, string]> = Object.entries(variables).map(([name, value]) => [value, 1, `$${name}`]);
  let values = 0;
  while (pending.length > 0) {
    const [value, depth, path] = pending.pop()!;
    values += 1;
    if (values > limits.maxVariableValues) {
      throw tooLarge(path, 'variable values', limits.maxVariableValues, values, 'brings the number of values in the variables to at least');
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > limits.maxInputDepth) throw tooLarge(path, 'input depth', limits.maxInputDepth, depth, 'is nested to a depth of at least');
    if (Array.isArray(value)) {
      if (value.length > limits.maxListLength) throw tooLarge(path, 'list length', limits.maxListLength, value.length, 'has a length of');
      value.forEach((item, index) => pending.push([item, depth + 1, `${path}[${index}]`]));
    } else {
      for (const [key, item] of Object.entries(value)) pending.push([item, depth + 1, `${path}.${key}`]);
    }
  }
}
