import { connect } from 'node:net';
import type { Client } from 'pg';

// PostgreSQL's query cancel: a CancelRequest on a new connection names the backend (process id and
// secret key from BackendKeyData) whose running statement must stop; the statement then fails
// with SQLSTATE 57014. https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-CANCELING-REQUESTS
//
// Written here (16 bytes on a socket) because pg's only public way, `Client#cancel(client, query)`,
// reads the deprecated `activeQuery` and can only cancel the query it is handed.

const CANCEL_REQUEST_CODE = 80877102;
const CANCEL_SOCKET_TIMEOUT_MS = 2_000;

interface BackendKey {
  processID: number | null;
  secretKey: number | null;
}

/**
 * Asks the server to cancel whatever statement `client`'s backend is running. Resolves once the
 * server has closed the cancel connection (it has then signalled the backend), or after 2 s;
 * never rejects: a cancel that cannot be delivered leaves the statement to `statement_timeout`.
 */
export function sendCancelRequest(client: Client): Promise<void> {
  const { processID, secretKey } = client as unknown as BackendKey;
  if (processID === null || secretKey === null) return Promise.resolve();
  const message = Buffer.alloc(16);
  message.writeInt32BE(16, 0);
  message.writeInt32BE(CANCEL_REQUEST_CODE, 4);
  message.writeInt32BE(processID, 8);
  message.writeInt32BE(secretKey, 12);
  const socket = client.host?.startsWith('/') ? connect(`${client.host}/.s.PGSQL.${client.port}`) : connect(client.port, client.host);
  return new Promise((resolve) => {
    const done = () => {
      socket.destroy();
      resolve();
    };
    socket.setTimeout(CANCEL_SOCKET_TIMEOUT_MS, done);
    socket.once('connect', () => socket.write(message));
    socket.once('error', done);
    socket.once('close', done);
  });
}
