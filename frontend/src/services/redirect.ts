/** Only same-site paths are followed after login, so a crafted link cannot send the user elsewhere. */
export function safeRedirect(target: string | null | undefined): string {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return '/';
  if (target === '/login' || target.startsWith('/login?') || target.startsWith('/login/')) return '/';
  return target;
}

/** The login URL that brings the user back to `path` afterwards. */
export function loginPath(path: string): string {
  return path === '/' ? '/login' : `/login?redirect=${encodeURIComponent(path)}`;
}
