// The scalars of the contract. DateTime, Date and EmailAddress come from graphql-scalars; JSON is
// our own (exact numbers, json.scalar.ts).
export { DateTimeResolver as DateTimeScalar, DateResolver as DateScalar } from 'graphql-scalars';
export { EmailAddressResolver as EmailAddressScalar } from 'graphql-scalars';
export { DecimalScalar } from './decimal.scalar';
export { JSONScalar } from './json.scalar';
