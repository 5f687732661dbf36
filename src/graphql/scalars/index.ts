// The scalars of the contract. DateTime, Date, JSON and EmailAddress come from graphql-scalars.
export { DateTimeResolver as DateTimeScalar, DateResolver as DateScalar, JSONResolver as JSONScalar } from 'graphql-scalars';
export { EmailAddressResolver as EmailAddressScalar } from 'graphql-scalars';
export { DecimalScalar } from './decimal.scalar';
