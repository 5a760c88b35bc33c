import './global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp, ConfigProvider } from 'antd';
// The ES modules: `antd/locale/zh_CN` is CommonJS, and its default import is the module object rather
// than the locale, which left every built-in text (暂无数据, 今天 …) in English.
import antdZhCN from 'antd/es/locale/zh_CN';
import antdEnUS from 'antd/es/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { BrowserRouter } from 'react-router';
import App from './App';
import { IntlProvider, useIntl } from './locales';
import { AuthProvider } from './services/auth';

function AntdConfig({ children }: { children: React.ReactNode }) {
  const { locale } = useIntl();
  // the DatePicker's month and weekday names come from dayjs
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider
      locale={locale === 'zh-CN' ? antdZhCN : antdEnUS}
      theme={{ token: { colorPrimary: '#1677ff' } }}
      // Keep "登录" as written (antd would show "登 录"), so labels read the same to people and to tests.
      button={{ autoInsertSpace: false }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <IntlProvider>
      <AntdConfig>
        <BrowserRouter>
          <AuthProvider>
            <App />
          </AuthProvider>
        </BrowserRouter>
      </AntdConfig>
    </IntlProvider>
  </StrictMode>,
);
