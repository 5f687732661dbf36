import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { registerDecorator, type ValidationArguments } from 'class-validator';

// Passwords people commonly choose are refused, whatever their length: NIST SP 800-63B §5.1.1.2
// ("verifiers SHALL compare the prospective secret against a list that contains values known to
// be commonly-used, expected, or compromised") and OWASP ASVS 4.0 V2.1.7. zxcvbn (@zxcvbn-ts,
// with its common-passwords dictionary: the top passwords of leaked lists, keyboard patterns,
// sequences, repeats, dates) estimates how many guesses a password takes; below score 3 ("safely
// unguessable") it is refused. The account's e-mail and names count as known words.

/** zxcvbn's score (0–4) a new password must reach. */
export const MINIMUM_PASSWORD_SCORE = 3;

const estimator = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });

/** The words of the account a password must not be built on (e-mail, names). */
function accountWords(object: object): string[] {
  const values = ['email', 'firstName', 'lastName'].map((key) => (object as Record<string, unknown>)[key]);
  return values.filter((value): value is string => typeof value === 'string' && value.trim() !== '').flatMap((value) => value.toLowerCase().split(/[@.\s]+/));
}

/** Whether the password is hard enough to guess (zxcvbn score ≥ MINIMUM_PASSWORD_SCORE). */
export function isStrongPassword(password: string, userWords: string[] = []): boolean {
  return estimator.check(password, userWords).score >= MINIMUM_PASSWORD_SCORE;
}

/** class-validator rule: refuses common and easily guessed passwords (see above). */
export function IsNotCommonPassword(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isNotCommonPassword',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => typeof value !== 'string' || isStrongPassword(value, args ? accountWords(args.object) : []),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'password'} is too common or too easy to guess (a known password, a sequence, a repeat or your name): choose a longer phrase of unrelated words`,
      },
    });
}
