import { TimeoutError } from '../../errors/domain-error';
import type { ModelDefinition } from '../../model-registry';
import { subscriberMayRead, type SubscriptionContext } from '../subscription-context';

// A subscription filter's read that fails for a transient reason lets the event through with the
// failure kept for it (sent as TIMEOUT / SERVICE_UNAVAILABLE by event-fan-out.ts), so the
// subscription goes on; any other failure is thrown. The read itself is replaced by the failure
// it raises (no database here: what the read does is covered by the e2e tests of subscriptions).

function contextFailingWith(error: unknown): SubscriptionContext {
  return { readFailure: null, fanOut: () => Promise.reject(error) } as unknown as SubscriptionContext;
}

const model = {} as ModelDefinition;

describe('subscriberMayRead', () => {
  it.each([
    ['a pool wait that ran out', new TimeoutError('connection wait', 2_000)],
    ['a statement timeout', new TimeoutError('statement timeout', 5_000)],
    ['the database out of reach', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
  ])('keeps %s for the event and lets it through', async (_what, error) => {
    const context = contextFailingWith(error);
    await expect(subscriberMayRead(context, model, 1)).resolves.toBe(true);
    expect(context.readFailure).toBe(error);
  });

  it('throws any other failure', async () => {
    const error = new TypeError('a bug');
    const context = contextFailingWith(error);
    await expect(subscriberMayRead(context, model, 1)).rejects.toBe(error);
    expect(context.readFailure).toBeNull();
  });
});
