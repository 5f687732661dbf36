import { AccountThrottle } from '../account-throttle';

/** A throttle with limits no test reaches, for suites that sign in often but do not test throttling. */
export function unthrottled(): AccountThrottle {
  const wide = { points: 1000, durationSeconds: 60 };
  return new AccountThrottle({ signInPerPair: wide, signInPerEmail: wide, signInPerIp: wide, registerPerIp: wide, passwordResetPerEmail: wide, passwordResetPerIp: wide });
}
