import { assertObjectType, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { connectionTypesOf } from '../connections/connection-types';
import { resolvePageRequest, type ConnectionArguments, type PageRequest } from '../connections/page-request';
import type { RequestContext } from '../context';
import type { Row } from '../loaders/request-loaders';
import type { ModelDefinition, Relationship } from '../model-registry';
import { FieldMemo } from '../field-memo';
import { lowerFirstWord, pluralize } from '../naming';
import { toNfc } from '../normalize-text';
import { findById, findRelated, listRelated, listRows } from './model-read.service';

// One mechanism for the read API of all models: for each model a resolver class with its two root
// fields and one field resolver per relationship, made by applying type-graphql's decorators.

export type Method = (...args: never[]) => unknown;

/** Defines `name` on a prototype so that type-graphql's method decorators can be applied to it. */
export function defineMethod(prototype: object, name: string, method: Method): PropertyDescriptor {
  Object.defineProperty(prototype, name, { value: method, writable: true, configurable: true });
  return Object.getOwnPropertyDescriptor(prototype, name) as PropertyDescriptor;
}

function relationshipDescription(relationship: Relationship): string {
  const { parent, target } = relationship;
  if (relationship.description) return relationship.description;
  if (relationship.cardinality === 'many') {
    return `${target.typeName} rows of this ${parent.typeName} (${target.table}.${relationship.targetColumn}).`;
  }
  if (relationship.parentKey === 'id') return `The ${target.typeName} of this ${parent.typeName}, or null if there is none.`;
  return `The ${target.typeName} referenced by ${relationship.parentKey}, or null if none is set or it is not visible to you.`;
}

function addRootFields(prototype: object, model: ModelDefinition): void {
  const single = lowerFirstWord(model.typeName);
  Query(() => model.entity, { nullable: true, description: `One ${model.typeName} by id: null if it does not exist, FORBIDDEN if you may not read it.` })(
    prototype,
    single,
    defineMethod(prototype, single, ((id: string, context: RequestContext, info: GraphQLResolveInfo) => findById(context, model, id, info)) as Method),
  );
  Arg('id', () => ID, { description: `Id of the ${model.typeName}.` })(prototype, single, 0);
  Ctx()(prototype, single, 1);
  Info()(prototype, single, 2);

  const plural = pluralize(single);
  Query(() => connectionTypesOf(model).connection, { description: `A page of ${model.typeName} rows, filtered and sorted.` })(
    prototype,
    plural,
    defineMethod(prototype, plural, ((args: ConnectionArguments, context: RequestContext, info: GraphQLResolveInfo) => listRows(context, model, args, info)) as Method),
  );
  Args(() => connectionTypesOf(model).args)(prototype, plural, 0);
  Ctx()(prototype, plural, 1);
  Info()(prototype, plural, 2);
}

function addRelationshipField(prototype: object, relationship: Relationship): void {
  const { name, target } = relationship;
  const description = relationshipDescription(relationship);
  if (relationship.cardinality === 'one') {
    FieldResolver(() => target.entity, { nullable: true, description })(
      prototype,
      name,
      defineMethod(prototype, name, ((parent: Row, context: RequestContext) => findRelated(context, relationship, parent)) as Method),
    );
    Root()(prototype, name, 0);
    Ctx()(prototype, name, 1);
    return;
  }
  FieldResolver(() => connectionTypesOf(target).connection, { description })(
    prototype,
    name,
    defineMethod(prototype, name, ((parent: Row, args: ConnectionArguments, context: RequestContext) =>
      listRelated(context, relationship, parent, resolvePageRequest(target, args))) as Method),
  );
  Root()(prototype, name, 0);
  Args(() => connectionTypesOf(target).args)(prototype, name, 1);
  Ctx()(prototype, name, 2);
}

export function buildReadResolvers(models: readonly ModelDefinition[]): Function[] {
  // type-graphql reads its metadata when the schema is built: every type must exist before that.
  for (const model of models) connectionTypesOf(model);
  return models.map((model) => {
    const name = `${model.typeName}ReadResolver`;
    const resolver = { [name]: class {} }[name];
    addRootFields(resolver.prototype, model);
    for (const relationship of model.relationships) addRelationshipField(resolver.prototype, relationship);
    Resolver(() => model.entity)(resolver);
    return resolver;
  });
}

/**
 * Once the schema is built, the relationship fields and root fields of every model resolve directly instead of
 * through type-graphql's handler, which for each parent row looked the resolver instance up, sorted
 * its parameters, built argument class instances and ran class-validator on them (the generated
 * connection arguments declare no class-validator rule: their checks are resolvePageRequest's).
 * A to-many field's arguments are the same for every parent (graphql-js derives them from the
 * field's node and the operation's variables only), so they are brought to NFC and checked once
 * per field node and execution: every parent then shares one PageRequest, or gets the same
 * BAD_USER_INPUT. The declarations above still give the schema its types, arguments and descriptions.
 * Call after normalizeArgumentsToNfc (these resolvers normalize their own arguments).
 */
export function resolveRelationshipsDirectly(schema: GraphQLSchema, models: readonly ModelDefinition[]): GraphQLSchema {
  const rootFields = (schema.getQueryType() as GraphQLObjectType).getFields();
  for (const model of models) {
    // The two root fields too: type-graphql converted their arguments to class instances and ran
    // class-validator on them for nothing (no rule) on every request, 89 µs on screen d1.
    const single = lowerFirstWord(model.typeName);
    rootFields[single].resolve = ((_root: unknown, args: { id: string }, context: RequestContext, info: GraphQLResolveInfo) =>
      findById(context, model, toNfc(args).id, info)) as GraphQLFieldResolver<unknown, unknown>;
    rootFields[pluralize(single)].resolve = ((_root: unknown, args: ConnectionArguments, context: RequestContext, info: GraphQLResolveInfo) =>
      listRows(context, model, toNfc(args), info)) as GraphQLFieldResolver<unknown, unknown>;
    const fields = assertObjectType(schema.getType(model.typeName)).getFields();
    for (const relationship of model.relationships) {
      const field = fields[relationship.name];
      field.resolve = (
        relationship.cardinality === 'one'
          ? (parent: Row, _args: unknown, context: RequestContext, info: GraphQLResolveInfo) => findRelated(context, relationship, parent, info)
          : (parent: Row, args: ConnectionArguments, context: RequestContext, info: GraphQLResolveInfo) =>
              listRelated(context, relationship, parent, PAGES.get(info, () => resolvePageRequest(relationship.target, toNfc(args))), info)
      ) as GraphQLFieldResolver<unknown, unknown>;
    }
  }
  return schema;
}

/** Each to-many field's page request (or the error it gave), once per execution. */
const PAGES = new FieldMemo<PageRequest>();
