import type { ModelDefinition, ScalarField } from '../model-registry';
import { searchDeclarationOf, type SearchWeight } from './searchable';

// A model's @Searchable declaration resolved against the registry: the fields it names exist, hold
// text (a String, or a jsonb list of strings) and are not masked (searching a masked field would
// reveal it), and each included model is searchable itself.

export interface SearchDocument {
  weight: SearchWeight;
  field: ScalarField;
}

export interface ResolvedSearchInclude {
  target: ModelDefinition;
  /** Column of the searched table. */
  column: string;
  /** Column of the included table equal to it. */
  targetColumn: string;
}

export interface SearchDefinition {
  index: string;
  /** In weight order (A first), then declaration order. */
  documents: SearchDocument[];
  includes: ResolvedSearchInclude[];
}

const WEIGHTS: SearchWeight[] = ['A', 'B', 'C', 'D'];

function searchedField(model: ModelDefinition, name: string): ScalarField {
  const field = model.fieldsByName.get(name);
  if (!field) throw new Error(`@Searchable ${model.typeName}: no field ${name}`);
  if (field.masked) throw new Error(`@Searchable ${model.typeName}.${name}: a masked field cannot be searched (a match would reveal it)`);
  if (field.kind !== 'string' && field.kind !== 'json') throw new Error(`@Searchable ${model.typeName}.${name}: only text and jsonb lists of text can be searched`);
  return field;
}

/** The model's search, or undefined when it declares none; `lookup` finds the registry's model of an entity. */
export function resolveSearch(model: ModelDefinition, lookup: (entity: Function) => ModelDefinition | undefined): SearchDefinition | undefined {
  const declaration = searchDeclarationOf(model.entity);
  if (!declaration) return undefined;
  const documents = WEIGHTS.flatMap((weight) => (declaration.weights[weight] ?? []).map((name) => ({ weight, field: searchedField(model, name) })));
  const includes = (declaration.include ?? []).map((include) => {
    const target = lookup(include.target());
    if (!target || !searchDeclarationOf(target.entity)) throw new Error(`@Searchable ${model.typeName}: an included model must be registered and @Searchable`);
    return { target, column: include.column, targetColumn: include.targetColumn };
  });
  return { index: declaration.index, documents, includes };
}

/** The `search` argument's description: where it looks and how it orders. */
export function searchArgumentDescription(search: SearchDefinition): string {
  const fields = [
    ...search.documents.map((document) => document.field.name),
    ...search.includes.map((include) => `the text of its ${include.target.typeName}`),
  ];
  const listed = fields.length > 1 ? `${fields.slice(0, -1).join(', ')} or ${fields[fields.length - 1]}` : fields[0];
  return (
    `Only rows whose ${listed} matches this text (French, accents and case ignored, words stemmed: ` +
    `"eleve" finds "Élèves"; "quoted phrases", "or" and "-excluded" words as on a web search engine). Best matches ` +
    'first unless orderBy is given. Empty or blank: no search. Text with no searchable word (only stop words or punctuation) matches nothing.'
  );
}
