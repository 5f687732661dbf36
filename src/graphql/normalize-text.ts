import { defaultFieldResolver, isObjectType, type GraphQLSchema } from 'graphql';

// Text is stored and compared in Unicode NFC (canonical composition; Unicode Standard Annex #15):
// "e\u0301" (e + combining acute) and "é" are the same text to a reader, so they must be to a
// filter, a unique e-mail or a password. Every string a client sends, in arguments, input objects,
// lists and JSON values (keys included), reaches the resolvers in NFC; stored text was brought to
// NFC by the TextCollation migration.

/** The value with every string in NFC; the same object when nothing changes. */
export function toNfc<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  if (Array.isArray(value)) {
    const items = value.map(toNfc);
    return (items.some((item, index) => item !== value[index]) ? items : value) as T;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    let changed = false;
    const entries = Object.entries(value).map(([key, item]) => {
      const entry = [key.normalize('NFC'), toNfc(item)] as const;
      changed ||= entry[0] !== key || entry[1] !== item;
      return entry;
    });
    return (changed ? Object.fromEntries(entries) : value) as T;
  }
  return value;
}

/** Wraps the resolver of every field that takes arguments so that it receives them in NFC. */
export function normalizeArgumentsToNfc(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length === 0) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => resolve(source, toNfc(args), context, info);
    }
  }
  return schema;
}
