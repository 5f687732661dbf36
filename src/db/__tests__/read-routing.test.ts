import { TimeoutError } from '../../graphql/errors/domain-error';
import { replicaFailure } from '../read-routing';

// Which failures of a statement on a replica take that replica out (and run the statement again on
// the primary). A lost connection and a timeout are produced for real in
// test/operations/read-replicas.test.ts; a recovery conflict needs a statement running while the
// standby replays a conflicting record, which no request of the API can be made to hold open, so
// its SQLSTATEs (PostgreSQL docs, "Hot Standby", 26.4.2) are checked here.

describe('replicaFailure', () => {
  it.each([
    ['40001', 'recovery conflict'],
    ['40P01', 'recovery conflict'],
    ['57P04', 'recovery conflict'],
    ['57P01', 'connection'],
    ['ECONNREFUSED', 'connection'],
  ])('takes a replica out on %s (%s)', (code, reason) => {
    expect(replicaFailure(Object.assign(new Error('replica failed'), { code }), false)).toBe(reason);
  });

  it('takes a replica out when its statement timeout or connection wait runs out', () => {
    expect(replicaFailure(new TimeoutError('statement timeout', 5_000), false)).toBe('timeout');
    expect(replicaFailure(new TimeoutError('connection wait', 2_000), false)).toBe('timeout');
  });

  it("keeps it when the request itself ended (deadline or client gone): that is not the replica's fault", () => {
    expect(replicaFailure(new TimeoutError('request deadline', 10_000), false)).toBeNull();
    expect(replicaFailure(Object.assign(new Error('canceling statement due to user request'), { code: '57014' }), true)).toBeNull();
    expect(replicaFailure(Object.assign(new Error('connection lost'), { code: 'ECONNRESET' }), true)).toBeNull();
  });

  it('keeps it on errors the primary would give as well (they are the statement\'s, not the replica\'s)', () => {
    expect(replicaFailure(Object.assign(new Error('syntax error'), { code: '42601' }), false)).toBeNull();
    expect(replicaFailure(Object.assign(new Error('division by zero'), { code: '22012' }), false)).toBeNull();
  });
});
