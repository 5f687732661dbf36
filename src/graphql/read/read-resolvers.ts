import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { connectionTypesOf } from '../connections/connection-types';
import type { ConnectionArguments } from '../connections/page-request';
import type { RequestContext } from '../context';
import type { Row } from '../loaders/request-loaders';
import type { ModelDefinition, Relationship } from '../model-registry';
import { lowerFirstWord, pluralize } from '../naming';
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
    defineMethod(prototype, single, ((id: string, context: RequestContext) => findById(context, model, id)) as Method),
  );
  Arg('id', () => ID, { description: `Id of the ${model.typeName}.` })(prototype, single, 0);
  Ctx()(prototype, single, 1);

  const plural = pluralize(single);
  Query(() => connectionTypesOf(model).connection, { description: `A page of ${model.typeName} rows, filtered and sorted.` })(
    prototype,
    plural,
    defineMethod(prototype, plural, ((args: ConnectionArguments, context: RequestContext) => listRows(context, model, args)) as Method),
  );
  Args(() => connectionTypesOf(model).args)(prototype, plural, 0);
  Ctx()(prototype, plural, 1);
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
      listRelated(context, relationship, parent, args)) as Method),
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
