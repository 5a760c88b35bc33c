import { describe, expect, it } from 'vitest';
import { CombinedError } from '@urql/core';
import { translator } from '../locales';
import { describeApiError, localizedServerMessage, parseApiError } from './errors';

const zh = translator('zh-CN');
const en = translator('en-US');

function gqlError(message: string, extensions: Record<string, unknown>) {
  return new CombinedError({ graphQLErrors: [{ message, extensions }] });
}

describe('parseApiError', () => {
  it('reads code, field and message of the first GraphQL error', () => {
    expect(parseApiError(gqlError('用户名已存在', { code: 'BAD_USER_INPUT', field: 'username' }))).toEqual({
      code: 'BAD_USER_INPUT',
      serverMessage: '用户名已存在',
      field: 'username',
    });
  });

  it('treats a missing or foreign code as UNKNOWN', () => {
    expect(parseApiError(gqlError('boom', {})).code).toBe('UNKNOWN');
    expect(parseApiError(gqlError('bad query', { code: 'GRAPHQL_VALIDATION_FAILED' })).code).toBe('UNKNOWN');
  });

  it('reports a network failure as NETWORK', () => {
    expect(parseApiError(new CombinedError({ networkError: new Error('Failed to fetch') })).code).toBe('NETWORK');
  });

  it('does not throw on values that are not errors', () => {
    expect(parseApiError(undefined).code).toBe('UNKNOWN');
    expect(parseApiError('oops').code).toBe('UNKNOWN');
  });
});

describe('localizedServerMessage', () => {
  const bilingual = '用户名或密码错误 (wrong username or password)';
  it('splits the server\'s "中文 (English)" messages by locale', () => {
    expect(localizedServerMessage(bilingual, 'zh-CN')).toBe('用户名或密码错误');
    expect(localizedServerMessage(bilingual, 'en-US')).toBe('wrong username or password');
  });
  it('keeps Chinese-only messages for zh-CN and has nothing for en-US', () => {
    expect(localizedServerMessage('账户已锁定', 'zh-CN')).toBe('账户已锁定');
    expect(localizedServerMessage('账户已锁定', 'en-US')).toBeUndefined();
  });
  it('does not split a Chinese message that merely ends in a Chinese parenthesis', () => {
    expect(localizedServerMessage('县级管理员须指定所属县 (县/市/区)', 'zh-CN')).toBe('县级管理员须指定所属县 (县/市/区)');
  });
  it('ignores English-only messages', () => {
    expect(localizedServerMessage('input: something', 'zh-CN')).toBeUndefined();
    expect(localizedServerMessage('input: something', 'en-US')).toBeUndefined();
  });
});

describe('describeApiError', () => {
  it('shows the part of a bilingual server message in the user\'s language', () => {
    const err = gqlError('用户名须以小写字母开头 (must start with a letter)', { code: 'BAD_USER_INPUT', field: 'username' });
    expect(describeApiError(err, 'zh-CN', zh)).toMatchObject({ message: '用户名须以小写字母开头', field: 'username' });
    expect(describeApiError(err, 'en-US', en).message).toBe('must start with a letter');
  });

  it('shows the server message for a known code in Chinese', () => {
    const text = describeApiError(gqlError('用户名或密码错误', { code: 'UNAUTHENTICATED' }), 'zh-CN', zh);
    expect(text.message).toBe('用户名或密码错误');
    expect(text.code).toBe('UNAUTHENTICATED');
  });

  it('replaces the Chinese server message by the code text in English', () => {
    const text = describeApiError(gqlError('用户名或密码错误', { code: 'UNAUTHENTICATED' }), 'en-US', en);
    expect(text.message).toBe(en('error.UNAUTHENTICATED'));
  });

  it('uses a page override when the server message does not fit the locale', () => {
    const err = gqlError('用户名或密码错误', { code: 'UNAUTHENTICATED' });
    expect(describeApiError(err, 'en-US', en, { overrides: { UNAUTHENTICATED: 'login.UNAUTHENTICATED' } }).message).toBe(
      'Wrong username or password, or the account is locked',
    );
  });

  it('never shows the text of an INTERNAL error', () => {
    const text = describeApiError(gqlError('内部错误 pq: relation does not exist', { code: 'INTERNAL' }), 'zh-CN', zh);
    expect(text.message).toBe(zh('error.INTERNAL'));
    expect(text.message).not.toContain('pq:');
  });

  it('keeps the request id of an INTERNAL error so support can find the log line', () => {
    const err = gqlError('服务器内部错误，请求编号 r-42 (internal error, request id r-42)', { code: 'INTERNAL', requestId: 'r-42' });
    expect(describeApiError(err, 'zh-CN', zh).message).toBe('服务器内部错误，请稍后重试（请求编号 r-42）');
    expect(describeApiError(err, 'en-US', en).message).toBe('Internal server error; please try again later (request id r-42)');
  });

  it('names the field of a BAD_USER_INPUT error with its label', () => {
    const text = describeApiError(gqlError('用户名格式不对', { code: 'BAD_USER_INPUT', field: 'username' }), 'en-US', en, {
      fieldLabel: (f) => (f === 'username' ? 'Username' : undefined),
    });
    expect(text.field).toBe('username');
    expect(text.message).toBe('Invalid value for “Username”');
  });

  it.each([
    ['FORBIDDEN', '没有执行此操作的权限'],
    ['NOT_FOUND', '要访问的数据不存在'],
    ['CONFLICT', '数据已被他人修改或已存在，请刷新后重试'],
  ])('falls back to the localized text of %s when the server gives no message', (code, expected) => {
    expect(describeApiError(gqlError('', { code }), 'zh-CN', zh).message).toBe(expected);
  });

  it('explains a network failure in the chosen language', () => {
    const err = new CombinedError({ networkError: new Error('Failed to fetch') });
    expect(describeApiError(err, 'zh-CN', zh).message).toBe('无法连接服务器，请检查网络后重试');
    expect(describeApiError(err, 'en-US', en).message).toBe(en('error.NETWORK'));
  });
});
