// The scalars of the contract. EmailAddress comes from graphql-scalars; DateTime and Date too,
// wrapped to refuse what PostgreSQL cannot store (date-range.scalar.ts); JSON is our own (exact
// numbers, json.scalar.ts).
export { EmailAddressResolver as EmailAddressScalar } from 'graphql-scalars';
export { DateScalar, DateTimeScalar } from './date-range.scalar';
export { DecimalScalar } from './decimal.scalar';
export { JSONScalar } from './json.scalar';
