import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

// type-graphql gives every @Field property of an @ObjectType a resolver of its own
// (createBasicFieldResolver) unless the field is declared `simple`: per field of every returned
// object, it allocates a resolver-data object and runs the (empty) middleware chain before reading
// `root[property]`. On a screen of 20 bookings with their student and teacher that is ~300 calls
// for nothing. This pass, run once after buildSchema, hands such fields back to graphql-js's
// default resolver (the same property read; `simple: true` on each declaration would do the same
// but is easy to forget and silently drops a @UseMiddleware added later).
//
// Only fields type-graphql would resolve with the basic resolver AND that have nothing to run:
// no @UseMiddleware (field masks, src/graphql/authorization/field-masks.ts), no @Authorized roles
// (an authChecker only runs on fields that have some), no @FieldResolver of the same name, no
// arguments, and no global middleware: schema.ts gives this pass the list it gives buildSchema.

interface FieldEntry {
  name: string;
  schemaName: string;
  target: Function;
  middlewares?: unknown[];
  roles?: unknown[];
  params?: unknown[];
}

function hasFieldResolver(field: FieldEntry): boolean {
  return getMetadataStorage().fieldResolvers.some((resolver) => resolver.methodName === field.name && resolver.getObjectType?.() === field.target);
}

/** Nothing between graphql-js and the property: no middleware, role, field resolver or argument. */
function isPlain(field: FieldEntry): boolean {
  return (field.middlewares ?? []).length === 0 && field.roles === undefined && (field.params ?? []).length === 0 && !hasFieldResolver(field);
}

/**
 * Replaces type-graphql's per-field wrapper by a direct property read on every plain field of the
 * schema's object types (see above), in place. `globalMiddlewares`: the option given to buildSchema
 * (none today): a middleware there runs on every field, and then nothing is replaced.
 * @returns the number of fields replaced (1,263 of the API's 1,526 when written).
 */
export function resolvePlainFieldsDirectly(schema: GraphQLSchema, globalMiddlewares: readonly unknown[] = []): number {
  if (globalMiddlewares.length > 0) return 0;
  const storage = getMetadataStorage();
  let replaced = 0;
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    if (!isObjectType(type) || objectType.simpleResolvers === true) continue;
    const interfaceFields = storage.interfaceTypes.filter((candidate) => objectType.interfaceClasses?.includes(candidate.target)).flatMap((candidate) => candidate.fields ?? []);
    // As type-graphql builds the type: an interface's field, then the type's own of the same name over it.
    const declared = new Map(([...interfaceFields, ...(objectType.fields ?? [])] as FieldEntry[]).map((field) => [field.schemaName, field]));
    const fields = type.getFields();
    for (const field of declared.values()) {
      const graphqlField = fields[field.schemaName];
      if (graphqlField === undefined || !isPlain(field)) continue;
      const property = field.name;
      graphqlField.resolve = property === field.schemaName ? undefined : ((root: Record<string, unknown>) => root[property]) as GraphQLFieldResolver<unknown, unknown>;
      replaced += 1;
    }
  }
  return replaced;
}
