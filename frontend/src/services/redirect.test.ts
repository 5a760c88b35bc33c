import { describe, expect, it } from 'vitest';
import { loginPath, safeRedirect } from './redirect';

describe('safeRedirect', () => {
  it.each([
    ['/users', '/users'],
    ['/counties/140602?tab=towns', '/counties/140602?tab=towns'],
    [null, '/'],
    ['', '/'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['/login', '/'],
    ['/login?redirect=/users', '/'],
  ])('%s → %s', (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
  });
});

describe('loginPath', () => {
  it('carries the path back through login', () => {
    expect(loginPath('/sectors/4')).toBe('/login?redirect=%2Fsectors%2F4');
    expect(safeRedirect(new URLSearchParams(loginPath('/sectors/4').split('?')[1]).get('redirect'))).toBe('/sectors/4');
  });
  it('needs no parameter for the home page', () => {
    expect(loginPath('/')).toBe('/login');
  });
});
