import { describe, expect, it } from 'vitest';
import { mnistDigit, namesFromList, numberedIdentity } from './identityNames';

describe('identity names', () => {
  it('an imported dataset is named by its folders; a missing or blank name falls back to the number', () => {
    const name = namesFromList(['alice', '  ', 'Zoë Saldaña']);
    expect([0, 1, 2, 3].map(name)).toEqual(['alice', 'identity 1', 'Zoë Saldaña', 'identity 3']);
  });
  it('MNIST identities are digits, synthetic ones numbers', () => {
    expect([mnistDigit(3), numberedIdentity(12)]).toEqual(['digit 3', 'identity 12']);
  });
});
