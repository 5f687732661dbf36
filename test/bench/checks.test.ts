import { serversThatRan } from './checks';
import type { QueryRun, ScaleResult } from './results';
import type { Variant } from './servers';

// The bench's same-data check names only the servers that ran (`--no-postgraphile` leaves one out).

function scaleWith(variants: Variant[]): ScaleResult {
  const runs = variants.map((variant) => ({ queryId: 'a', variant, load: null, statements: 1 }) as QueryRun);
  return { runs } as unknown as ScaleResult;
}

describe('serversThatRan (the bench summary line)', () => {
  it('names every server when all four ran', () => {
    expect(serversThatRan([scaleWith(['shipped', 'unbatched', 'handwritten', 'postgraphile'])])).toBe(
      'the API, the API without batching, the hand-written handler and PostGraphile (normalised)',
    );
  });

  it('leaves PostGraphile out when it did not run (--no-postgraphile)', () => {
    expect(serversThatRan([scaleWith(['shipped', 'unbatched', 'handwritten'])])).toBe('the API, the API without batching and the hand-written handler');
  });
});
