import { useSyncExternalStore } from 'react';

/** Below antd's `md` breakpoint (768 px): phones, where the menu is a drawer and lists are cards. */
export const PHONE_QUERY = '(max-width: 767.98px)';

function subscribe(onChange: () => void) {
  const mq = window.matchMedia(PHONE_QUERY);
  mq.addEventListener('change', onChange);
  return () => mq.removeEventListener('change', onChange);
}

// read synchronously (unlike antd's Grid.useBreakpoint, which answers {} on the first render), so a
// phone never paints the desktop layout first
const isPhoneNow = () => window.matchMedia(PHONE_QUERY).matches;

export function useIsPhone(): boolean {
  return useSyncExternalStore(subscribe, isPhoneNow, () => false);
}
