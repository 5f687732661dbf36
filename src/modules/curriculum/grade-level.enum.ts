import { registerEnumType } from 'type-graphql';

/** The three years of the French lycée, as taught in Tunisia. */
export enum GradeLevel {
  SECONDE = 'seconde',
  PREMIERE = 'premiere',
  TERMINALE = 'terminale',
}

registerEnumType(GradeLevel, {
  name: 'GradeLevel',
  description: 'Year of the French lycée curriculum.',
  valuesConfig: {
    SECONDE: { description: 'Seconde (first year of lycée).' },
    PREMIERE: { description: 'Première (second year, first specialties).' },
    TERMINALE: { description: 'Terminale (final year, baccalauréat).' },
  },
});
