import 'reflect-metadata';
import { assertObjectType, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { resolvePlainFieldsDirectly } from '../plain-field-resolvers';
import { buildApiSchema } from '../schema';

// Which fields lose type-graphql's per-field wrapper (src/graphql/plain-field-resolvers.ts). What
// the masked fields answer is proven over HTTP by test/authorization/field-masks.test.ts; every
// other field's value by the e2e suites that compare responses with SQL.

describe('plain fields resolved by graphql-js directly', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildApiSchema();
  });

  const resolverOf = (type: string, field: string) => assertObjectType(schema.getType(type)).getFields()[field].resolve;

  it('a column field has no resolver of its own: graphql-js reads the property', () => {
    for (const [type, field] of [['Booking', 'subject'], ['Booking', 'startTime'], ['Student', 'fullName'], ['Teacher', 'lastName']]) {
      expect(resolverOf(type, field)).toBeUndefined();
    }
  });

  it('fields with a middleware (field masks), a field resolver or arguments keep their resolver', () => {
    expect(resolverOf('Teacher', 'email')).toBeDefined();
    expect(resolverOf('Student', 'performanceData')).toBeDefined();
    expect(resolverOf('Booking', 'nodeId')).toBeDefined();
    expect(resolverOf('Booking', 'student')).toBeDefined();
    expect(resolverOf('Teacher', 'bookings')).toBeDefined();
  });

  it('no field declared with @UseMiddleware or @Authorized lost its resolver', () => {
    const storage = getMetadataStorage();
    const guarded = storage.objectTypes.flatMap((objectType) =>
      (objectType.fields ?? []).filter((field) => (field.middlewares ?? []).length > 0 || field.roles !== undefined).map((field) => [objectType.name, field.schemaName] as const),
    );
    const inSchema = guarded.filter(([type]) => schema.getType(type) !== undefined);
    expect(inSchema.length).toBeGreaterThan(10);
    for (const [type, field] of inSchema) expect([type, field, resolverOf(type, field)]).toEqual([type, field, expect.any(Function)]);
  });

  it('replaces nothing when buildSchema is given global middlewares (they run on every field)', () => {
    expect(resolvePlainFieldsDirectly(schema, [() => undefined])).toBe(0);
  });
});
