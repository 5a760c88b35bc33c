import { Button, Dropdown } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { LOCALES, useIntl, type Locale } from '../locales';

export default function LanguageSwitch({ dark = false }: { dark?: boolean }) {
  const { locale, setLocale, t } = useIntl();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [locale],
        items: LOCALES.map((l) => ({ key: l, label: t(`lang.${l}`) })),
        onClick: ({ key }) => setLocale(key as Locale),
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} aria-label={t('lang.label')} style={dark ? { color: '#fff' } : undefined}>
        {t(`lang.${locale}`)}
      </Button>
    </Dropdown>
  );
}
