import { describe, expect, it } from 'vitest';
import { namespacedStorage } from './storage';

class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  clear() {
    this.items.clear();
  }
}

describe('namespacedStorage', () => {
  it('keeps its keys under the prefix and clears only those', () => {
    const backing = new MemoryStorage();
    backing.setItem('zac.session', '{"accessToken":"a"}');
    const s = namespacedStorage(backing, 'zac.graphiql:');
    s.setItem('tabState', '{}');
    s.setItem('query', '{ counties { name } }');
    expect(backing.getItem('zac.graphiql:tabState')).toBe('{}');
    expect(s.getItem('query')).toBe('{ counties { name } }');
    expect(s.length).toBe(2);
    expect([s.key(0), s.key(1)].sort()).toEqual(['query', 'tabState']);
    s.removeItem('query');
    expect(s.getItem('query')).toBeNull();
    s.clear();
    expect(s.length).toBe(0);
    expect(backing.getItem('zac.session')).toBe('{"accessToken":"a"}');
  });
});
