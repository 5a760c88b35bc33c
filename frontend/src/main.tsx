import './global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp, ConfigProvider } from 'antd';
import antdZhCN from 'antd/locale/zh_CN';
import antdEnUS from 'antd/locale/en_US';
import { BrowserRouter } from 'react-router';
import App from './App';
import { IntlProvider, useIntl } from './locales';
import { AuthProvider } from './services/auth';

function AntdConfig({ children }: { children: React.ReactNode }) {
  const { locale } = useIntl();
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
