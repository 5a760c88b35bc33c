import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { persistedQueryHash } from './apiClient';

describe('persistedQueryHash', () => {
  it('is the hex SHA-256 of the document, as gqlgen checks it', async () => {
    const query = 'query Me { me { id } }';
    expect(await persistedQueryHash(query)).toBe(createHash('sha256').update(query).digest('hex'));
  });
});
