import { parse as parseContentType } from 'content-type';
import express, { type RequestHandler } from 'express';
import { jsonPath, JSON_NUMBER_RULE } from '../graphql/scalars/json-number';
import { HttpError } from './http-errors';
import { findInexactNumbers } from './inexact-numbers';

// The body of POST /graphql (and the `variables` of GET /graphql), read by us rather than by
// express.json(), for two reasons:
// - every refusal is a GraphQL-shaped JSON error with its status (400 BAD_REQUEST, 413
//   PAYLOAD_TOO_LARGE, 415 UNSUPPORTED_MEDIA_TYPE), never body-parser's HTML page nor its log
//   line with the body;
// - a number in `variables` that a double would change (12345678901234567890, 1e400) is refused
//   naming its path, found in the text (inexact-numbers.ts) because JSON.parse rounds it before any
//   scalar sees it (json-number.ts has the rule).

/** BAD_USER_INPUT for the variables holding inexact numbers, worded like graphql-js's variable errors. */
function refuseInexactVariables(jsonText: string, pathToVariables: Array<string | number>): void {
  const found = findInexactNumbers(jsonText)
    .filter((number) => pathToVariables.every((key, index) => number.path[index] === key) && number.path.length > pathToVariables.length)
    .map((number) => ({ text: number.text, path: number.path.slice(pathToVariables.length).reduce<string>((path, key) => jsonPath(path, key), '') }));
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

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
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
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // JSON.parse's message quotes the body: only the position is kept.
    const position = error instanceof Error ? /at position (\d+)/.exec(error.message)?.[1] : undefined;
    throw new HttpError(400, 'BAD_REQUEST', `The request body is not valid JSON${position === undefined ? '' : ` (at position ${position})`}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'an array (batched operations are not supported)' : value === null ? 'null' : `a ${typeof value}`;
    throw new HttpError(400, 'BAD_REQUEST', `The request body must be a JSON object such as {"query": "...", "variables": {...}}, not ${kind}`);
  }
  refuseInexactVariables(text, ['variables']);
  return value as Record<string, unknown>;
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
        // Variables that are not JSON: Apollo answers 400 BAD_REQUEST for them.
        if (variables !== null && isJson(variables)) refuseInexactVariables(variables, []);
      }
      next();
    },
  ];
}
