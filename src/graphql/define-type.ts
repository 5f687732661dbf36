import { Field, InputType, ObjectType } from 'type-graphql';

// type-graphql's decorators are plain functions: applying them to classes made at run time lets one
// mechanism define the filter, order and connection types of every model.

export interface FieldSpec {
  name: string;
  type: () => unknown;
  description: string;
  nullable?: boolean;
  defaultValue?: unknown;
}

function namedClass(name: string): new () => object {
  return { [name]: class {} }[name] as new () => object;
}

function applyFields(target: Function, fields: FieldSpec[]): void {
  for (const field of fields) {
    Field(field.type as never, { nullable: field.nullable ?? true, description: field.description, defaultValue: field.defaultValue })(
      target.prototype,
      field.name,
    );
  }
}

export function defineInputType(name: string, description: string, fields: FieldSpec[]): Function {
  const type = namedClass(name);
  applyFields(type, fields);
  InputType(name, { description })(type);
  return type;
}

export function defineObjectType(name: string, description: string, fields: FieldSpec[]): Function {
  const type = namedClass(name);
  applyFields(type, fields);
  ObjectType(name, { description })(type);
  return type;
}
