import { registerEnumType } from 'type-graphql';

export enum FormulaType {
  INDIVIDUAL = 'individual',
  GROUP = 'group',
  ONLINE_PACK = 'online_pack',
  INTENSIVE = 'intensive',
}

registerEnumType(FormulaType, {
  name: 'FormulaType',
  description: 'Kind of offer a family subscribes to.',
  valuesConfig: {
    INDIVIDUAL: { description: 'One-to-one lessons with a teacher.' },
    GROUP: { description: 'Lessons in a small group of the same level.' },
    ONLINE_PACK: { description: 'A pack of online lessons.' },
    INTENSIVE: { description: 'Intensive course (holidays, baccalauréat preparation).' },
  },
});
