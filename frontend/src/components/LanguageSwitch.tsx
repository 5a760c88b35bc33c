import { useRef } from 'react';
import { Button, Dropdown } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { LOCALES, useIntl, type Locale } from '../locales';

/** `compact`: the globe alone (phones), its name still says the language. */
export default function LanguageSwitch({ dark = false, compact = false }: { dark?: boolean; compact?: boolean }) {
  const { locale, setLocale, t } = useIntl();
  const button = useRef<HTMLButtonElement>(null);
  return (
    <Dropdown
      trigger={['click']}
      // opened from the keyboard, the arrows and Enter then work in the list
      autoFocus
      menu={{
        selectable: true,
        selectedKeys: [locale],
        items: LOCALES.map((l) => ({ key: l, label: t(`lang.${l}`) })),
        onClick: ({ key }) => {
          setLocale(key as Locale);
          // the list closes; the keyboard stays where it was rather than falling back to the page's start
          requestAnimationFrame(() => button.current?.focus());
        },
      }}
    >
      <Button
        ref={button}
        type="text"
        icon={<GlobalOutlined />}
        // the visible name (the current language) is part of the spoken one
        aria-label={t('lang.current', { language: t(`lang.${locale}`) })}
        style={dark ? { color: '#fff' } : undefined}
      >
        {!compact && t(`lang.${locale}`)}
      </Button>
    </Dropdown>
  );
}
