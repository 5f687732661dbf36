import { parse as parseContentType } from 'content-type';
import express, { type RequestHandler } from 'express';
import { parse as parseJson } from 'lossless-json';
import { exactNumber, jsonPath, JSON_NUMBER_RULE } from '../graphql/scalars/json-number';
import { HttpError } from './http-errors';

// The body of POST /graphql (and the `variables` of GET /graphql), read by us rather than by
// express.json(), for two reasons:
// - every refusal is a GraphQL-shaped JSON error with its status (400 BAD_REQUEST, 413
//   PAYLOAD_TOO_LARGE, 415 UNSUPPORTED_MEDIA_TYPE), never body-parser's HTML page nor its log
//   line with the body;
// - numbers are read from their text (lossless-json), so a number a double would change
//   (12345678901234567890, 1e400) is refused naming its variable path instead of being rounded by
//   JSON.parse before any scalar sees it (json-number.ts has the rule).

class InexactNumber {
  constructor(readonly text: string) {}
}

/** JSON text → value; numbers that a double would change come out as InexactNumber. */
function parseExactly(text: string): { value: unknown; inexact: boolean } {
  let inexact = false;
  const value = parseJson(text, null, (numberText) => {
    const number = exactNumber(numberText);
    if (number !== undefined) return number;
    inexact = true;
    return new InexactNumber(numberText);
  });
  return { value, inexact };
}

/** Paths of the InexactNumbers in a value, e.g. "input.interests.id". */
function inexactPaths(value: unknown, path: string, found: Array<{ path: string; text: string }> = []) {
  if (value instanceof InexactNumber) found.push({ path, text: value.text });
  else if (Array.isArray(value)) value.forEach((item, index) => inexactPaths(item, jsonPath(path, index), found));
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) inexactPaths(item, jsonPath(path, key), found);
  return found;
}

/** BAD_USER_INPUT for the variables holding inexact numbers, worded like graphql-js's variable errors. */
function refuseInexactVariables(variables: unknown): void {
  const found = inexactPaths(variables, '');
  if (found.length === 0) return;
  const [first] = found;
  const variable = first.path.split(/[.[]/)[0];
  throw new HttpError(
    400,
    'BAD_USER_INPUT',
    `Variable "$${variable}" got invalid value ${first.text} at "${first.path}": the number cannot be kept exactly. ${JSON_NUMBER_RULE}.`,
    { fields: found.map((number) => number.path) },
  );
}

/** Numbers outside `variables` (extensions.persistedQuery.version...) are not user data: plain doubles. */
function withPlainNumbers(value: unknown): unknown {
  if (value instanceof InexactNumber) return Number(value.text);
  if (Array.isArray(value)) return value.map(withPlainNumbers);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withPlainNumbers(item)]));
  return value;
}

function assertJsonContentType(header: string | undefined): void {
  const expected = 'POST /graphql needs Content-Type: application/json (UTF-8)';
  if (header === undefined) throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `The request has no Content-Type: ${expected}`);
  let mediaType: ReturnType<typeof parseContentType>;
  try {
    mediaType = parseContentType(header);
  } catch {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `The Content-Type header cannot be read: ${expected}`);
  }
  if (mediaType.type !== 'application/json') throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `Content-Type ${mediaType.type} is not supported: ${expected}`);
  const charset = mediaType.parameters.charset?.toLowerCase();
  // RFC 8259 §8.1: JSON exchanged between systems is UTF-8.
  if (charset !== undefined && charset !== 'utf-8') throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `charset ${charset} is not supported: ${expected}`);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function decodeBody(body: unknown): string {
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw new HttpError(400, 'BAD_REQUEST', 'The request body is empty: send a JSON object such as {"query": "{ __typename }"}');
  }
  try {
    return UTF8.decode(body);
  } catch {
    throw new HttpError(400, 'BAD_REQUEST', 'The request body is not valid UTF-8');
  }
}

function parseRequest(text: string): Record<string, unknown> {
  let parsed: { value: unknown; inexact: boolean };
  try {
    parsed = parseExactly(text);
  } catch (error) {
    // lossless-json's messages name the problem and its position, never the text around it.
    throw new HttpError(400, 'BAD_REQUEST', `The request body is not valid JSON: ${error instanceof Error ? error.message : 'syntax error'}`);
  }
  const { value, inexact } = parsed;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'an array (batched operations are not supported)' : value === null ? 'null' : `a ${typeof value}`;
    throw new HttpError(400, 'BAD_REQUEST', `The request body must be a JSON object such as {"query": "...", "variables": {...}}, not ${kind}`);
  }
  if (!inexact) return value as Record<string, unknown>;
  refuseInexactVariables((value as Record<string, unknown>).variables);
  return withPlainNumbers(value) as Record<string, unknown>;
}

/**
 * POST: Content-Type application/json in UTF-8 (else 415), at most `limit` (else 413), a JSON
 * object (else 400), exact numbers in `variables` (else 400 BAD_USER_INPUT). GET: exact numbers in
 * the `variables` search parameter (Apollo reports the other problems of a GET itself).
 */
export function graphqlRequestBody(limit: string): RequestHandler[] {
  const readRaw = express.raw({ type: () => true, limit });
  return [
    (request, _response, next) => {
      if (request.method === 'POST') assertJsonContentType(request.headers['content-type']);
      next();
    },
    (request, response, next) => (request.method === 'POST' ? readRaw(request, response, next) : next()),
    (request, _response, next) => {
      if (request.method === 'POST') {
        request.body = parseRequest(decodeBody(request.body));
      } else {
        // The Apollo integration insists that a body parser ran; GET carries its request in the URL.
        request.body = undefined;
        const variables = new URL(request.originalUrl, 'http://localhost').searchParams.get('variables');
        if (variables !== null) {
          let parsed: { value: unknown; inexact: boolean } | null = null;
          try {
            parsed = parseExactly(variables);
          } catch {
            // Not JSON: Apollo answers 400 BAD_REQUEST for it.
          }
          if (parsed?.inexact) refuseInexactVariables(parsed.value);
        }
      }
      next();
    },
  ];
}
