import { useMemo } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A list page's filters, order and page size kept in the URL, so that a reload, the back button or a
 * pasted link shows the same list: parsed from the query string, written back whole. `key` is the
 * query string, e.g. for the cursor pages (components/paging.tsx) to start anew when it changes.
 */
export function useUrlState<S extends object>(parse: (params: URLSearchParams) => S, toParams: (state: S) => URLSearchParams) {
  const [searchParams, setSearchParams] = useSearchParams();
  const key = searchParams.toString();
  // parsed again only when the query string changes: `parse` is a pure function of it (pages pass a
  // new closure on every render)
  const state = useMemo(() => parse(new URLSearchParams(key)), [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const replace = (next: S) => setSearchParams(toParams(next));
  /**
   * Merges a change into the state; a key set to undefined is dropped (its filter cleared). It merges
   * into the URL as it is when the change lands, not as this render saw it: two changes in a row
   * (a click before the page re-rendered after the last one) must not undo each other.
   */
  const update = (change: Partial<S>) => {
    setSearchParams((current) => {
      const next: S = { ...parse(current), ...change };
      for (const k of Object.keys(next) as (keyof S)[]) if (next[k] === undefined) delete next[k];
      return toParams(next);
    });
  };
  return { state, key, replace, update };
}
