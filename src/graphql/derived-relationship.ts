// A to-many relationship that no foreign key holds but a rule of the platform defines over other
// tables (Teacher.students: the students a teacher teaches now). Declared on the parent entity
// with @DerivedRelationship; the model registry adds it beside the foreign-key relationships, so
// it gets the same connection field, arguments, row policies, loaders and batching (one statement
// per level whatever the number of parents).

export interface DerivedRelationshipOptions {
  /** Field name on the parent type. */
  name: string;
  /** The target entity (a function, as entities may import each other). */
  target: () => Function;
  /** SQL: the target ids of one parent as a parenthesised set for IN, given the parent's id as an SQL expression. */
  targetIds: (parentId: string) => string;
  /** The field's description in the schema. */
  description: string;
}

const DERIVED = new Map<Function, DerivedRelationshipOptions[]>();

export function DerivedRelationship(options: DerivedRelationshipOptions): ClassDecorator {
  return (entity) => {
    DERIVED.set(entity, [...(DERIVED.get(entity) ?? []), options]);
  };
}

export function derivedRelationshipsOf(entity: Function): readonly DerivedRelationshipOptions[] {
  return DERIVED.get(entity) ?? [];
}
