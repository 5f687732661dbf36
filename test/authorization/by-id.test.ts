import type { TestApp } from '../support/test-app';
import { useMatrixApp } from './support/matrix-app';
import { Expectations, idsToAsk, singleFieldOf } from './support/harness';
import { TYPE_NAMES, type TypeName } from './support/matrix';
import { ROLES, type Role, type Viewers } from './support/viewers';

// (b) One by id: a row the matrix allows comes back, a row outside it is FORBIDDEN (it exists,
// the client asked for it explicitly), an id that does not exist is null without error.

const CASES = ROLES.flatMap((role) => TYPE_NAMES.map((typeName) => [role, typeName] as [Role, TypeName]));

interface ByIdResponse {
  data?: Record<string, { id: string } | null>;
  errors?: Array<{ path?: string[]; extensions?: { code?: string } }>;
}

describe('permission matrix: one by id', () => {
  let app: TestApp;
  let viewers: Viewers;
  let expectations: Expectations;
  useMatrixApp((matrix) => ({ app, viewers, expectations } = matrix));

  it.each(CASES)('%s asks for %s rows by id', async (role, typeName) => {
    const { inside, outside, unknown } = await idsToAsk(app, expectations, role, typeName);
    const asked: Array<[string, number]> = [
      ...inside.map((id, k): [string, number] => [`allowed${k}`, id]),
      ...outside.map((id, k): [string, number] => [`refused${k}`, id]),
      ['unknown', unknown],
    ];
    const field = singleFieldOf(typeName);
    const query = `{ ${asked.map(([alias, id]) => `${alias}: ${field}(id: "${id}") { id }`).join(' ')} }`;
    const response = (await app.graphql(query, {}, viewers.headers(role))) as ByIdResponse;

    expect(response.data).toBeDefined();
    for (const [alias, id] of asked) {
      expect([alias, response.data![alias]]).toEqual([alias, alias.startsWith('allowed') ? { id: String(id) } : null]);
    }
    const errors = (response.errors ?? []).map((error) => [error.path?.[0], error.extensions?.code]);
    expect(errors.sort()).toEqual(outside.map((_id, k) => [`refused${k}`, 'FORBIDDEN']));
  });
});
