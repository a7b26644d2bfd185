/**
 * Quartiles, the Tukey fence and the excess over a capacity (README, `audit` → the `overloaded-owner` check). Expected values
 * are numpy's default (linear interpolation): position = (n − 1)·q between the sorted values, worked
 * out by hand below.
 */
import { describe, expect, it } from 'vitest';
import { excessOf, quantile, tukeyFence } from '../../src/audit/loads.js';

describe('quantile (numpy linear interpolation)', () => {
  it('[1,2,3,4,20]: Q1 = 2, Q3 = 4 (positions 1 and 3 fall on values)', () => {
    // numpy.percentile([1,2,3,4,20], [25, 50, 75]) = [2, 3, 4]
    const sorted = [1, 2, 3, 4, 20];
    expect(quantile(sorted, 0.25)).toBe(2);
    expect(quantile(sorted, 0.5)).toBe(3);
    expect(quantile(sorted, 0.75)).toBe(4);
  });

  it('[10,20,30,40]: Q1 = 17.5, Q3 = 32.5 (positions 0.75 and 2.25)', () => {
    // position 0.75 → 10 + 0.75·10 = 17.5; position 2.25 → 30 + 0.25·10 = 32.5
    expect(quantile([10, 20, 30, 40], 0.25)).toBe(17.5);
    expect(quantile([10, 20, 30, 40], 0.75)).toBe(32.5);
    expect(quantile([10, 20, 30, 40], 0.5)).toBe(25);
  });

  it('[1,2,3,4]: Q1 = 1.75, Q3 = 3.25', () => {
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([1, 2, 3, 4], 0.75)).toBe(3.25);
  });

  it('the ends are the minimum and the maximum; one value is every quantile', () => {
    expect(quantile([3, 5, 8], 0)).toBe(3);
    expect(quantile([3, 5, 8], 1)).toBe(8);
    expect(quantile([7], 0.25)).toBe(7);
    expect(quantile([7], 0.75)).toBe(7);
  });
});

describe('tukeyFence = Q3 + 1.5·IQR', () => {
  it('[1,2,3,4,20] → 4 + 1.5·2 = 7', () => {
    expect(tukeyFence([1, 2, 3, 4, 20])).toBe(7);
  });

  it('[10,20,30,40] → 32.5 + 1.5·15 = 55', () => {
    expect(tukeyFence([10, 20, 30, 40])).toBe(55);
  });

  it('sorts its input: the fixtures’ loads', () => {
    // HubSpot contacts (README §6): loads 5,4,4,3 → sorted [3,4,4,5]: Q1 3.75, Q3 4.25 → 4.25 + 0.75 = 5.
    expect(tukeyFence([5, 4, 4, 3])).toBe(5);
    // Dataloader accounts without placeholder (README B): 10,2,2,2,2,2,1,1 → sorted [1,1,2,2,2,2,2,10]:
    // Q1 at 1.75 → 1.75, Q3 at 5.25 → 2 → 2 + 1.5·0.25 = 2.375.
    expect(tukeyFence([10, 2, 2, 2, 2, 2, 1, 1])).toBe(2.375);
    // Contacts: 12,7,4,4,4,2,2,1 → sorted [1,2,2,4,4,4,7,12]: Q1 at 1.75 → 2, Q3 at 5.25 → 4 + 0.25·3
    // = 4.75 → 4.75 + 1.5·2.75 = 8.875.
    expect(tukeyFence([12, 7, 4, 4, 4, 2, 2, 1])).toBe(8.875);
    // Dynamics contacts: 4,4,3,2 → [2,3,4,4]: Q1 2.75, Q3 4 → 4 + 1.875 = 5.875.
    expect(tukeyFence([4, 4, 3, 2])).toBe(5.875);
  });

  it('does not change the array it is given', () => {
    const loads = [20, 1, 4, 3, 2];
    tukeyFence(loads);
    expect(loads).toEqual([20, 1, 4, 3, 2]);
  });

  it('with fewer than 4 values there is no fence', () => {
    expect(tukeyFence([])).toBeUndefined();
    expect(tukeyFence([1, 1, 50])).toBeUndefined();
    // Four values are enough: Q1 1, Q3 at position 2.25 → 1 + 0.25·49 = 13.25 → 13.25 + 1.5·12.25 = 31.625.
    expect(tukeyFence([1, 1, 1, 50])).toBe(31.625);
  });
});

describe('excessOf', () => {
  it('is the records above the capacity', () => {
    expect(excessOf(230, 200)).toBe(30);
    expect(excessOf(10, 6)).toBe(4);
    expect(excessOf(20, 7)).toBe(13);
  });

  it('is 0 at or under capacity, and without a capacity', () => {
    expect(excessOf(200, 200)).toBe(0);
    expect(excessOf(3, 5)).toBe(0);
    expect(excessOf(0, 0)).toBe(0);
    expect(excessOf(500, undefined)).toBe(0);
  });

  it('a fractional capacity allows its whole part', () => {
    // A fence of 212.5 allows 212 records: 213 is 1 over; a fence of 8.875 allows 8.
    expect(excessOf(213, 212.5)).toBe(1);
    expect(excessOf(212, 212.5)).toBe(0);
    expect(excessOf(12, 8.875)).toBe(4);
  });

  it('a capacity of 0 makes every record excess', () => {
    expect(excessOf(3, 0)).toBe(3);
  });
});
