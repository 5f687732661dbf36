import { request } from 'node:http';
import type { GraphQLResponse } from './test-app';

/**
 * POSTs a GraphQL request to `url` from the local address `ip` (any 127.0.0.x: the API sees it as
 * the socket's address), with extra `headers` (X-Forwarded-For...).
 */
export function postFrom(url: string, ip: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<GraphQLResponse> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', localAddress: ip, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, ...(JSON.parse(text) as object) }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
