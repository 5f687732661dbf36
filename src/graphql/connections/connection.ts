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

/** Builds a Relay connection from the `limit + 1` rows a page query returned. */
export function buildConnection(rows: Row[], page: PageRequest, totalCount: () => Promise<number>): Connection {
  const hasMore = rows.length > page.limit;
  const nodes = rows.slice(0, page.limit);
  if (page.backward) nodes.reverse();
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node, page.keys), node }));
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage: page.backward ? page.before !== null : hasMore,
      hasPreviousPage: page.backward ? hasMore : page.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    get totalCount() {
      return totalCount();
    },
  };
}
