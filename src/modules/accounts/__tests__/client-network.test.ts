import { clientNetworkOf } from '../account-throttle';

// The address throttling counts a client under (README, "Sign-in throttling").
describe('clientNetworkOf', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:85a3:1:8a2e:370:7334:1', '2001:db8:85a3:1::/64'],
    ['2001:db8:85a3:1::ffff', '2001:db8:85a3:1::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['unknown', 'unknown'],
  ])('counts %s under %s', (ip, network) => {
    expect(clientNetworkOf(ip)).toBe(network);
  });
});
