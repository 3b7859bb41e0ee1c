import { createHash } from 'node:crypto';
import { computeToken } from '../../src/index';
import { thrown } from '../support/thrown';

describe('computeToken', () => {
  it('matches the test vector from UseResponse (key first, then email)', () => {
    expect(computeToken('security-token', 'email@domain.com')).toBe(
      '60c403232010c69c21d32e768e6e0ec79df20be014b7c699bc1b269d93a30b07',
    );
  });

  it('is lowercase hex SHA-256 of key + email with nothing between', () => {
    const token = computeToken('k', 'Ünïcode@example.com');
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(token).toBe(createHash('sha256').update('kÜnïcode@example.com', 'utf8').digest('hex'));
    expect(computeToken('ab', 'c')).toBe(computeToken('a', 'bc'));
    expect(computeToken('security-token', 'email@domain.com')).not.toBe(
      computeToken('email@domain.com', 'security-token'),
    );
  });

  it('rejects non-string arguments without echoing them', () => {
    expect(() => computeToken(undefined as unknown as string, 'a@b.c')).toThrow(TypeError);
    expect(() => computeToken('secret-value', 42 as unknown as string)).toThrow(/two strings/);
    expect(String(thrown(() => computeToken('secret-value', 42 as unknown as string)))).not.toContain('secret-value');
  });
});
