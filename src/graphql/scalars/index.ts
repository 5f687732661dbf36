// The scalars of the contract. JSON and EmailAddress come from graphql-scalars; DateTime and Date
// too, wrapped to refuse what PostgreSQL cannot store (date-range.scalar.ts).
export { JSONResolver as JSONScalar } from 'graphql-scalars';
export { EmailAddressResolver as EmailAddressScalar } from 'graphql-scalars';
export { DateScalar, DateTimeScalar } from './date-range.scalar';
export { DecimalScalar } from './decimal.scalar';
