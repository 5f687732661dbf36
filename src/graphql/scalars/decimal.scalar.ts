import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

// Money in dinars: kept as numeric(12,3) in PostgreSQL and carried as a string ("45.500"),
// never a float, so no client ever sees 45.49999.
const DECIMAL_PATTERN = /^-?\d{1,9}(\.\d{1,3})?$/;

function parseDecimal(value: unknown): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string' || !DECIMAL_PATTERN.test(text.trim())) {
    throw new GraphQLError(`Decimal must be a string such as "45.500" with at most 3 decimals (got ${JSON.stringify(value)})`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return text.trim();
}

export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'An exact decimal number carried as a string, such as "45.500" (amounts in Tunisian dinars, 3 decimals).',
  serialize: (value) => {
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return value.toFixed(3);
    throw new TypeError('Decimal cannot represent a non-numeric value');
  },
  parseValue: parseDecimal,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return parseDecimal(ast.value);
    throw new GraphQLError('Decimal must be given as a string such as "45.500"', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});
