import type { EntityManager } from 'typeorm';
import { rowsOf } from '../../db/query-result';
import { BadUserInputError } from '../errors/domain-error';
import { quoteIdentifier, SqlParameters } from '../filters/sql-parameters';
import type { ModelDefinition } from '../model-registry';

// Inserts and partial updates of a model's exposed columns, named by their GraphQL fields: the
// management mutations share this instead of hand-writing one statement each. Secrets have no
// field, so they can never be written this way.

type Values = Record<string, unknown>;

function columnValues(model: ModelDefinition, values: Values): Array<[string, unknown, boolean]> {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => {
      const field = model.fieldsByName.get(name);
      if (!field || name === 'id') throw new Error(`${model.typeName}.${name} is not a writable field`);
      // The values come from the mutation's input, field for field: an explicit null on a NOT NULL
      // column is the caller's mistake (BAD_USER_INPUT), not a database error to mask.
      if (value === null && !field.nullable) throw new BadUserInputError(`input.${name} cannot be null`, [`input.${name}`]);
      const json = field.kind === 'json';
      return [field.column, json && value !== null ? JSON.stringify(value) : value, json];
    });
}

export async function insertRow(manager: EntityManager, model: ModelDefinition, values: Values): Promise<number> {
  const params = new SqlParameters();
  const columns = columnValues(model, values);
  const names = columns.map(([column]) => quoteIdentifier(column)).join(', ');
  const placeholders = columns.map(([, value, json]) => `${params.add(value)}${json ? '::jsonb' : ''}`).join(', ');
  const [row] = rowsOf<{ id: number }>(
    await manager.query(`INSERT INTO ${quoteIdentifier(model.table)} (${names}) VALUES (${placeholders}) RETURNING id`, params.values),
  );
  return row.id;
}

/** Sets the given fields (undefined ones are left alone); false when no row has this id. */
export async function updateRow(manager: EntityManager, model: ModelDefinition, id: number, patch: Values): Promise<boolean> {
  const params = new SqlParameters();
  const assignments = columnValues(model, patch).map(([column, value, json]) => `${quoteIdentifier(column)} = ${params.add(value)}${json ? '::jsonb' : ''}`);
  if (model.fieldsByName.has('updatedAt')) assignments.push('"updated_at" = now()');
  if (assignments.length === 0) return true;
  const rows = rowsOf(await manager.query(`UPDATE ${quoteIdentifier(model.table)} SET ${assignments.join(', ')} WHERE id = ${params.add(id)} RETURNING id`, params.values));
  return rows.length > 0;
}
