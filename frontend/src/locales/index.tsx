import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import zhCN, { type MessageKey } from './zh-CN';
import enUS from './en-US';

export type Locale = 'zh-CN' | 'en-US';
export type { MessageKey };
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export const LOCALES: Locale[] = ['zh-CN', 'en-US'];
const messages: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };
const STORAGE_KEY = 'zac.locale';

/** Builds a translator for one locale; kept free of React so the error mapping and its tests can use it. */
export function translator(locale: Locale): Translate {
  const dict = messages[locale];
  return (key, vars) => {
    const text = dict[key] ?? key;
    return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
  };
}

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'zh-CN' || saved === 'en-US') return saved;
  } catch {
    // storage may be unavailable (private mode); fall back to the default
  }
  return 'zh-CN';
}

interface IntlValue {
  locale: Locale;
  t: Translate;
  setLocale: (locale: Locale) => void;
}

const IntlContext = createContext<IntlValue | null>(null);

export function IntlProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // the choice then lasts only for this page view
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = messages[locale]['app.title'];
  }, [locale]);
  const value = useMemo(() => ({ locale, t: translator(locale), setLocale }), [locale, setLocale]);
  return <IntlContext.Provider value={value}>{children}</IntlContext.Provider>;
}

export function useIntl(): IntlValue {
  const value = useContext(IntlContext);
  if (!value) throw new Error('useIntl outside IntlProvider');
  return value;
}
