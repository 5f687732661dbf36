import { BadUserInputError } from '../errors/domain-error';
import { parseId } from '../filters/id-argument';

// Relay global object identification (https://relay.dev/graphql/objectidentification.htm): a
// nodeId is opaque to clients; ours is the base64 of "Type:id", the format of graphql-relay-js's
// toGlobalId (and PostGraphile's, which base64s the type and key). Own code rather than
// graphql-relay: its fromGlobalId accepts anything (Node's base64 decoder skips stray characters),
// and a malformed id must be a BAD_USER_INPUT naming the argument, so decoding checks the text is
// exactly what encodeNodeId writes.

/** The field every model type gets (node-resolvers.ts): computed from the row's id alone. */
export const NODE_ID_FIELD = 'nodeId';

export function encodeNodeId(typeName: string, id: unknown): string {
  return Buffer.from(`${typeName}:${String(id)}`, 'utf8').toString('base64');
}

export interface DecodedNodeId {
  typeName: string;
  id: number;
}

/** The type name and row id of a nodeId; BAD_USER_INPUT naming `argument` unless encodeNodeId could have written it for one of `typeNames`. */
export function decodeNodeId(nodeId: unknown, argument: string, typeNames: ReadonlySet<string>): DecodedNodeId {
  const invalid = () => new BadUserInputError(`${argument} is not a valid nodeId (take it from a nodeId field)`, [argument]);
  if (typeof nodeId !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(nodeId)) throw invalid();
  const text = Buffer.from(nodeId, 'base64').toString('utf8');
  if (Buffer.from(text, 'utf8').toString('base64') !== nodeId) throw invalid();
  const match = /^([A-Za-z]+):(\d+)$/.exec(text);
  if (!match || !typeNames.has(match[1])) throw invalid();
  let id: number;
  try {
    id = parseId(match[2], argument);
  } catch {
    throw invalid();
  }
  // Only the canonical text: "Teacher:01" names Teacher 1 but is not its nodeId (a Relay store would keep two records).
  if (String(id) !== match[2]) throw invalid();
  return { typeName: match[1], id };
}
