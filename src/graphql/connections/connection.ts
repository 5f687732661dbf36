import { encodeCursor } from './cursor';
import type { PageRequest } from './page-request';

type Row = Record<string, unknown>;

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection {
  edges: Array<{ cursor: string; node: Row }>;
  nodes: Row[];
  pageInfo: PageInfo;
  /** A getter: the count query runs only when the client asks for totalCount. */
  readonly totalCount: Promise<number>;
}

/**
 * Builds a Relay connection from the `limit + 1` rows a page query returned (the array is not
 * changed: a prefetched page may be read twice). Cursors are encoded only when asked for: `edges`
 * on first read, the page's first and last cursor for pageInfo.
 */
export function buildConnection(rows: Row[], page: PageRequest, totalCount: () => Promise<number>): Connection {
  const hasMore = rows.length > page.limit;
  const nodes = rows.slice(0, page.limit);
  if (page.backward) nodes.reverse();
  let edges: Connection['edges'] | null = null;
  const cursorAt = (index: number): string | null => (nodes.length === 0 ? null : encodeCursor(nodes[index], page.keys));
  return {
    get edges() {
      edges ??= nodes.map((node) => ({ cursor: encodeCursor(node, page.keys), node }));
      return edges;
    },
    nodes,
    pageInfo: {
      hasNextPage: page.backward ? page.before !== null : hasMore,
      hasPreviousPage: page.backward ? hasMore : page.after !== null,
      get startCursor() {
        return cursorAt(0);
      },
      get endCursor() {
        return cursorAt(nodes.length - 1);
      },
    },
    get totalCount() {
      return totalCount();
    },
  };
}
