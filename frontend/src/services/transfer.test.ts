import { describe, expect, it } from 'vitest';
import { filenameFromDisposition, multipartBody, responseError } from './transfer';

describe('filenameFromDisposition', () => {
  it('decodes the RFC 5987 name the export endpoints send', () => {
    const header = `attachment; filename*=UTF-8''${encodeURIComponent('创建单位.xlsx')}`;
    expect(filenameFromDisposition(header, 'x')).toBe('创建单位.xlsx');
  });

  it('reads a plain quoted or bare filename', () => {
    expect(filenameFromDisposition('attachment; filename="units.csv"', 'x')).toBe('units.csv');
    expect(filenameFromDisposition('attachment; filename=units.csv', 'x')).toBe('units.csv');
  });

  it('prefers filename* over filename', () => {
    expect(filenameFromDisposition(`attachment; filename="a.csv"; filename*=UTF-8''b.csv`, 'x')).toBe('b.csv');
  });

  it('falls back without a header, and never returns a path', () => {
    expect(filenameFromDisposition(null, 'units.csv')).toBe('units.csv');
    expect(filenameFromDisposition('attachment', 'units.csv')).toBe('units.csv');
    expect(filenameFromDisposition('attachment; filename="../../etc/passwd"', 'x')).toBe('passwd');
  });
});

describe('multipartBody', () => {
  it('lays out operations, map and the files as the multipart request spec says', async () => {
    const file = new File(['a,b\n'], 'units.csv', { type: 'text/csv' });
    const form = multipartBody('mutation ImportUnits { x }', 'ImportUnits', { dryRun: true }, { file });
    expect([...form.keys()]).toEqual(['operations', 'map', '0']);
    expect(JSON.parse(form.get('operations') as string)).toEqual({
      query: 'mutation ImportUnits { x }',
      operationName: 'ImportUnits',
      variables: { dryRun: true, file: null },
    });
    expect(JSON.parse(form.get('map') as string)).toEqual({ 0: ['variables.file'] });
    const sent = form.get('0') as File;
    expect(sent.name).toBe('units.csv');
    expect(await sent.text()).toBe('a,b\n');
  });
});

describe('responseError', () => {
  it('reads the server\'s {"errors": [...]} body with its code', async () => {
    const response = new Response(JSON.stringify({ errors: [{ message: '登录已失效', extensions: { code: 'UNAUTHENTICATED' } }] }), {
      status: 401,
      headers: { 'Content-Type': 'application/json' },
    });
    const error = await responseError(response);
    expect(error.graphQLErrors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(error.graphQLErrors[0].message).toBe('登录已失效');
  });

  it('reports a body that is not JSON as a network error', async () => {
    const error = await responseError(new Response('<html>bad gateway</html>', { status: 502 }));
    expect(error.networkError?.message).toBe('HTTP 502');
    expect(error.graphQLErrors).toHaveLength(0);
  });
});
