// In production (hideSchemaDetailsFromClientErrors), error messages must not teach a client the
// schema that introspection hides. Apollo's DisableSuggestions plugin strips "Did you mean …?" only
// from validation errors, and only at the very end of the message; graphql-js's variable errors
// ("Variable "$s" got invalid value "X"; Value "X" does not exist in "UserStatus" enum. Did you mean
// the enum value "ACTIVE"?") and its required-field messages ("Field "LoginInput.password" of
// required type "String!" was not provided.") keep them, and both name input and enum types the
// client never wrote. This masks suggestions, required field names and type names, wherever they
// appear.
// The message templates are graphql-js 16's (didYouMean.ts, coerceInputValue.ts,
// ValuesOfCorrectTypeRule.ts); development keeps the full, helpful messages.

const SUGGESTION = / ?Did you mean [^?]*\?/g;
const REQUIRED_FIELD = /Field "[^"]+" of required type "[^"]+" was not provided\./g;
const UNDEFINED_FIELD = /(Field "[^"]+" is not defined by) type "[^"]+"\./g;
const ENUM_NAME = /(does not exist in) "[^"]+" enum\./g;
const NAMED_TYPE = /((?:Expected|of) (?:value of |non-nullable )?type) "[^"]+"/g;
const ONE_OF = /(for OneOf) type "[^"]+"/g;

export function maskSchemaDetails(message: string): string {
  return message
    .replace(SUGGESTION, '')
    .replace(REQUIRED_FIELD, 'A required input field was not provided.')
    .replace(UNDEFINED_FIELD, '$1 the input type.')
    .replace(ENUM_NAME, '$1 the enum.')
    .replace(NAMED_TYPE, '$1 expected here')
    .replace(ONE_OF, '$1 input');
}
