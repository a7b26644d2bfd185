/** Test helper: the error a call throws, checked to be a user-facing InputError. */
import { expect } from 'vitest';
import { InputError } from '../../src/errors.js';

/** The InputError `fn` throws. */
export function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}
