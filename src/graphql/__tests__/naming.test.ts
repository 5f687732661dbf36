import { lowerFirstWord, pluralize, upperSnake } from '../naming';

describe('GraphQL naming', () => {
  it.each([
    ['Student', 'student', 'students'],
    ['ARIAInteraction', 'ariaInteraction', 'ariaInteractions'],
    ['Availability', 'availability', 'availabilities'],
    ['ParentChildRelation', 'parentChildRelation', 'parentChildRelations'],
    ['SessionAttendance', 'sessionAttendance', 'sessionAttendances'],
  ])('%s → %s / %s', (typeName, single, plural) => {
    expect(lowerFirstWord(typeName)).toBe(single);
    expect(pluralize(lowerFirstWord(typeName))).toBe(plural);
  });

  it('makes enum values of field names', () => {
    expect(upperSnake('startTime')).toBe('START_TIME');
    expect(upperSnake('id')).toBe('ID');
  });
});
