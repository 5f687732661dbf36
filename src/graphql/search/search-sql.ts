import { quoteIdentifier, type SqlParameters } from '../filters/sql-parameters';
import type { ModelDefinition, ScalarField } from '../model-registry';
import type { OrderKey } from '../connections/order';
import type { RowScope } from '../connections/page-query';
import type { SearchDefinition } from './search-definition';

// The SQL of a search. A searched list reads from a derived table instead of its table:
//   (SELECT c.*, <rank> AS "__searchRank" FROM <table> AS c WHERE <vector> @@ <query>) AS c
// PostgreSQL pulls this subquery up into the page's statement, so the row policy, the filter, the
// keyset condition and ORDER BY apply to it as to the table, and the match uses the GIN index on
// the same vector expression (the migration TextSearch creates it; test/e2e/search.test.ts checks
// each plan). The rank is a column: ordering by it and keyset cursors need nothing new.
//
// The query is the user's plain text through websearch_to_tsquery (quotes, `or`, `-word`), which
// never raises a syntax error, whatever the input (PostgreSQL "Parsing Queries").

/** The connection argument of a search (on the models that declare one). */
export const SEARCH_ARGUMENT = 'search';

/** french + unaccent (migration TextSearch): "élève", "eleve" and "Élèves" have the same lexeme. */
export const SEARCH_CONFIGURATION = 'nexus_french';

/** The column of the derived table holding each row's rank (ts_rank, as a double). */
export const SEARCH_RANK_COLUMN = '__searchRank';

const CONFIGURATION = `'${SEARCH_CONFIGURATION}'::regconfig`;

function documentVector(field: ScalarField, alias: string): string {
  const column = `${alias}.${quoteIdentifier(field.column)}`;
  // Only the string values of a jsonb list, not its keys or punctuation.
  if (field.kind === 'json') return `jsonb_to_tsvector(${CONFIGURATION}, coalesce(${column}, '[]'::jsonb), '["string"]'::jsonb)`;
  return `to_tsvector(${CONFIGURATION}, coalesce(${column}, ''))`;
}

/**
 * The weighted tsvector of a row: the expression the GIN index is built on, character for
 * character (PostgreSQL uses an expression index only for the same expression).
 */
export function searchVector(search: SearchDefinition, alias: string): string {
  return search.documents.map((document) => `setweight(${documentVector(document.field, alias)}, '${document.weight}')`).join(' || ');
}

/** Search text as the argument gives it: null for none (absent, empty or only white space). */
export function searchTextOf(value: string | null | undefined): string | null {
  const text = value?.trim() ?? '';
  return text === '' ? null : text;
}

function searchOf(model: ModelDefinition): SearchDefinition {
  if (!model.search) throw new Error(`${model.typeName} is not @Searchable`);
  return model.search;
}

function and(conditions: Array<string | null>): string {
  return conditions.filter((condition): condition is string => condition !== null).join(' AND ');
}

/**
 * The derived table of `model`'s rows matching `text`, aliased `alias`, with their rank. Rows of an
 * included model (a teacher's profile) match and add to the rank only where the viewer may read
 * them (`scope`): a search never reveals what a row policy hides.
 */
function searchSource(model: ModelDefinition, text: string, alias: string, params: SqlParameters, scope: RowScope): string {
  const search = searchOf(model);
  const query = `websearch_to_tsquery(${CONFIGURATION}, ${params.add(text)}::text)`;
  const table = quoteIdentifier(model.table);
  let rank = `ts_rank(${searchVector(search, alias)}, ${query})`;
  let match = `${searchVector(search, alias)} @@ ${query}`;
  if (search.includes.length > 0) {
    // One branch per table, so that each match is a scan of its own GIN index.
    const branches = [`SELECT s.id FROM ${table} AS s WHERE ${searchVector(search, 's')} @@ ${query}`];
    for (const include of search.includes) {
      const vector = searchVector(searchOf(include.target), 'i');
      const link = `i.${quoteIdentifier(include.targetColumn)}`;
      const included = quoteIdentifier(include.target.table);
      branches.push(
        `SELECT s.id FROM ${table} AS s JOIN ${included} AS i ON ${link} = s.${quoteIdentifier(include.column)} ` +
          `WHERE ${and([`${vector} @@ ${query}`, scope.condition(include.target, 'i', params)])}`,
      );
      const includedRank =
        `(SELECT max(ts_rank(${vector}, ${query})) FROM ${included} AS i ` +
        `WHERE ${and([`${link} = ${alias}.${quoteIdentifier(include.column)}`, `${vector} @@ ${query}`, scope.condition(include.target, 'i', params)])})`;
      rank = `${rank} + coalesce(${includedRank}, 0)`;
    }
    match = `${alias}.id IN (${branches.join(' UNION ')})`;
  }
  // float8: the cursor carries the rank as a JSON number, which any double can be (a real overflows).
  return `(SELECT ${alias}.*, (${rank})::float8 AS ${quoteIdentifier(SEARCH_RANK_COLUMN)} FROM ${table} AS ${alias} WHERE ${match}) AS ${alias}`;
}

/** The rank as a sort key: a real, never null (ts_rank of a matching row). */
export const SEARCH_RANK_FIELD: ScalarField = {
  name: SEARCH_RANK_COLUMN,
  column: SEARCH_RANK_COLUMN,
  kind: 'float',
  nullable: false,
  masked: false,
  idList: false,
};

/** A search without orderBy: best rank first, ties broken by id (in the rank's direction, as every ordering). */
export function rankOrder(model: ModelDefinition): OrderKey[] {
  return [
    { field: SEARCH_RANK_FIELD, descending: true, nullsFirst: true },
    { field: model.fieldsByName.get('id') as ScalarField, descending: true, nullsFirst: true },
  ];
}

/** The rows a statement reads, aliased `alias`: the table, or only its rows matching `search` (null: no search), with their rank. */
export function rowSource(model: ModelDefinition, search: string | null, alias: string, params: SqlParameters, scope: RowScope): string {
  if (search === null) return `${quoteIdentifier(model.table)} AS ${alias}`;
  return searchSource(model, search, alias, params, scope);
}
