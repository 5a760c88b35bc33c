import { useEffect, useRef } from 'react';
import { useQuery, type AnyVariables, type UseQueryArgs } from 'urql';

/**
 * useQuery for a tab: cached answers show at once and are refreshed from the server, and a change
 * elsewhere on the page (refreshKey) reloads it, since a new row may not be in any cached answer yet.
 */
export function useTabQuery<Data, Variables extends AnyVariables>(args: UseQueryArgs<Variables, Data>, refreshKey: number) {
  const result = useQuery<Data, Variables>({ requestPolicy: 'cache-and-network', ...args });
  const [, reexecute] = result;
  const seen = useRef(refreshKey);
  useEffect(() => {
    if (seen.current === refreshKey) return;
    seen.current = refreshKey;
    reexecute({ requestPolicy: 'network-only' });
  }, [refreshKey, reexecute]);
  return result;
}
