/**
 * The part of `backing` under `prefix`, as a Storage of its own: GraphiQL keeps its tabs and history
 * there, and its "clear storage" setting then clears only those, never the session's tokens.
 */
export function namespacedStorage(backing: Storage, prefix: string): Storage {
  const keys = () => Array.from({ length: backing.length }, (_, i) => backing.key(i)).filter((k): k is string => !!k?.startsWith(prefix));
  return {
    get length() {
      return keys().length;
    },
    key: (index) => keys()[index]?.slice(prefix.length) ?? null,
    getItem: (key) => backing.getItem(prefix + key),
    setItem: (key, value) => backing.setItem(prefix + key, value),
    removeItem: (key) => backing.removeItem(prefix + key),
    clear: () => keys().forEach((k) => backing.removeItem(k)),
  };
}

